import "server-only";
import { createHash, randomUUID } from "node:crypto";
import { clock } from "@/lib/clock";
import type { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { WebhookEventType } from "@/lib/webhooks/events";

// The webhook outbox: an event becomes one delivery row per endpoint that listens for it,
// written with the caller's client, so inside the transaction of the change it reports (an
// audit event, a notification): both commit or neither. Nothing is sent here; the job
// worker sends due rows (lib/services/webhooks/dispatch.ts), so no request waits on a
// receiver. Kept apart from lib/services/webhooks, which audits its own changes: the
// audit writer imports this, and folders must not import each other in a cycle.

export type OutboxClient = Prisma.TransactionClient | typeof db;

/** Retries stop this long after the first attempt (or a Resend). */
export const RETRY_WINDOW_MS = 24 * 60 * 60 * 1000;

export interface WebhookEvent {
  type: WebhookEventType | "webhook.test";
  /** Ids and metadata: never a token's value or hash. */
  data: Prisma.InputJsonObject;
  /**
   * For an event a job may find twice (a reminder, an expiry): the same key gives the same
   * event id, and a second enqueue is a no-op.
   */
  dedupeKey?: string;
}

/** The `webhook-id` of an event: `msg_` and 32 hex characters. */
export function webhookEventId(dedupeKey?: string): string {
  const hex = dedupeKey
    ? createHash("sha256").update(dedupeKey).digest("hex").slice(0, 32)
    : randomUUID().replaceAll("-", "");
  return `msg_${hex}`;
}

/**
 * Queues `events` for the organization's enabled endpoints that listen for them (or only
 * `endpointId`, whatever it listens for: a test event). Returns the deliveries written.
 */
export async function enqueueWebhookEvents(
  client: OutboxClient,
  organizationId: string,
  events: readonly WebhookEvent[],
  options: { endpointId?: string } = {},
): Promise<number> {
  if (events.length === 0) return 0;
  const endpoints = await client.webhookEndpoint.findMany({
    where: options.endpointId
      ? { id: options.endpointId, organizationId }
      : {
          organizationId,
          enabled: true,
          eventTypes: { hasSome: events.map((event) => event.type) },
        },
    select: { id: true, eventTypes: true },
  });
  if (endpoints.length === 0) return 0;
  const now = clock.now();
  const rows = events.flatMap((event) => {
    const eventId = webhookEventId(event.dedupeKey);
    // Standard Webhooks' payload shape: type, timestamp, data.
    const payload = { type: event.type, timestamp: now.toISOString(), data: event.data };
    return endpoints
      .filter((endpoint) => options.endpointId || endpoint.eventTypes.includes(event.type))
      .map((endpoint) => ({
        endpointId: endpoint.id,
        organizationId,
        eventId,
        eventType: event.type,
        payload,
        nextAttemptAt: now,
        retryUntil: new Date(now.getTime() + RETRY_WINDOW_MS),
        createdAt: now,
      }));
  });
  if (rows.length === 0) return 0;
  const { count } = await client.webhookDelivery.createMany({ data: rows, skipDuplicates: true });
  return count;
}
