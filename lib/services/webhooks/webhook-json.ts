import "server-only";
import { AppError } from "@/lib/errors";
import type { WebhookDeliveryJson, WebhookJson } from "@/lib/validations/webhook";
import type { WebhookEventType } from "@/lib/webhooks/events";

// Rows as /api/v1 and the dashboard see them: never a secret, encrypted or not.

export const WEBHOOK_SELECT = {
  id: true,
  url: true,
  description: true,
  eventTypes: true,
  enabled: true,
  disabledReason: true,
  failingSince: true,
  previousSecretExpiresAt: true,
  createdAt: true,
  updatedAt: true,
} as const;

export interface WebhookRow {
  id: string;
  url: string;
  description: string;
  eventTypes: string[];
  enabled: boolean;
  disabledReason: string | null;
  failingSince: Date | null;
  previousSecretExpiresAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export function toWebhookJson(row: WebhookRow, now: Date): WebhookJson {
  return {
    id: row.id,
    url: row.url,
    description: row.description,
    eventTypes: row.eventTypes as WebhookEventType[],
    enabled: row.enabled,
    disabledReason: row.disabledReason === "failing" ? "failing" : row.enabled ? null : "manual",
    failingSince: row.failingSince?.toISOString() ?? null,
    // Past the window the old secret no longer signs: nothing to tell.
    previousSecretExpiresAt:
      row.previousSecretExpiresAt && row.previousSecretExpiresAt > now
        ? row.previousSecretExpiresAt.toISOString()
        : null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export const DELIVERY_SELECT = {
  id: true,
  eventId: true,
  eventType: true,
  status: true,
  attempts: true,
  responseStatus: true,
  durationMs: true,
  lastError: true,
  nextAttemptAt: true,
  lastAttemptAt: true,
  createdAt: true,
  payload: true,
} as const;

export interface DeliveryRow {
  id: string;
  eventId: string;
  eventType: string;
  status: "PENDING" | "SENDING" | "SUCCEEDED" | "FAILED";
  attempts: number;
  responseStatus: number | null;
  durationMs: number | null;
  lastError: string | null;
  nextAttemptAt: Date | null;
  lastAttemptAt: Date | null;
  createdAt: Date;
  payload: unknown;
}

export function toDeliveryJson(row: DeliveryRow): WebhookDeliveryJson {
  return {
    id: row.id,
    eventId: row.eventId,
    eventType: row.eventType as WebhookDeliveryJson["eventType"],
    status: row.status.toLowerCase() as WebhookDeliveryJson["status"],
    attempts: row.attempts,
    responseStatus: row.responseStatus,
    durationMs: row.durationMs,
    lastError: row.lastError,
    nextAttemptAt: row.status === "PENDING" ? (row.nextAttemptAt?.toISOString() ?? null) : null,
    lastAttemptAt: row.lastAttemptAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    payload: row.payload,
  };
}

export function webhookNotFound(): AppError {
  return new AppError("not_found", "Webhook endpoint not found");
}
