import "server-only";
import { clock } from "@/lib/clock";
import { config, webhookPrivateNetworksAllowed } from "@/lib/config";
import { db } from "@/lib/db";
import { logger } from "@/lib/logger";
import { disableFailingEndpoint } from "./auto-disable";
import { type PostOutcome, postWebhook } from "./http-post";
import { signedHeaders } from "./signing";

// Sending the outbox (lib/services/webhook-outbox) through the job worker:
// - the webhook-dispatch poll (every few seconds, lib/jobs) claims the due deliveries in one
//   UPDATE (two instances never claim the same row) and queues a webhook-delivery job each;
// - that job makes one attempt (deliverWebhook) and records it. A failed attempt is due
//   again after the next delay of RETRY_DELAYS_MS, until 24 hours after the first attempt;
//   the row keeps its event id, so every attempt carries the same `webhook-id`.
// A claim whose job never reported (a crashed worker) is taken again after CLAIM_TIMEOUT_MS.

export const WEBHOOK_DELIVERY_QUEUE = "webhook-delivery";
const CLAIM_BATCH = 100;
const CLAIM_TIMEOUT_MS = 5 * 60_000;

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
/**
 * Waits after the 1st, 2nd… failed attempt: exponential, the first within 10 s, together
 * just under 24 hours (the retry window ends them in any case).
 */
export const RETRY_DELAYS_MS: readonly number[] = [
  5 * SECOND,
  30 * SECOND,
  2 * MINUTE,
  10 * MINUTE,
  30 * MINUTE,
  1 * HOUR,
  2 * HOUR,
  4 * HOUR,
  8 * HOUR,
  8 * HOUR,
];

export interface WebhookDeliveryJob {
  deliveryId: string;
}

/** Claims the due deliveries and queues one delivery job each. */
export async function dispatchDueWebhooks(
  queue: (job: WebhookDeliveryJob) => Promise<unknown>,
): Promise<{ queued: number }> {
  const now = clock.now();
  const claimed = await db.webhookDelivery.updateManyAndReturn({
    where: {
      OR: [
        { status: "PENDING", nextAttemptAt: { lte: now } },
        { status: "SENDING", claimedAt: { lt: new Date(now.getTime() - CLAIM_TIMEOUT_MS) } },
      ],
    },
    data: { status: "SENDING", claimedAt: now },
    select: { id: true },
    limit: CLAIM_BATCH,
  });
  for (const [index, { id }] of claimed.entries()) {
    try {
      await queue({ deliveryId: id });
    } catch (error) {
      // Not queued: give this and the rest back to the next poll.
      const rest = claimed.slice(index).map((row) => row.id);
      await db.webhookDelivery.updateMany({
        where: { id: { in: rest } },
        data: { status: "PENDING", claimedAt: null },
      });
      throw error;
    }
  }
  return { queued: claimed.length };
}

export interface DeliverOptions {
  /** The HTTP exchange; tests may replace it. */
  post?: typeof postWebhook;
}

export type DeliveryResult =
  | { outcome: "skipped" }
  | { outcome: "succeeded"; status: number | null }
  | {
      outcome: "retrying" | "failed";
      status: number | null;
      error: string | null;
      disabled: boolean;
    };

/** One attempt of a claimed delivery, recorded on its row. */
export async function deliverWebhook(
  deliveryId: string,
  options: DeliverOptions = {},
): Promise<DeliveryResult> {
  const delivery = await db.webhookDelivery.findUnique({
    where: { id: deliveryId },
    select: {
      id: true,
      eventId: true,
      status: true,
      attempts: true,
      payload: true,
      retryUntil: true,
      endpoint: {
        select: {
          id: true,
          url: true,
          enabled: true,
          secretEncrypted: true,
          previousSecretEncrypted: true,
          previousSecretExpiresAt: true,
        },
      },
    },
  });
  if (delivery?.status !== "SENDING") return { outcome: "skipped" };
  const { endpoint } = delivery;
  if (!endpoint.enabled) {
    await db.webhookDelivery.update({
      where: { id: deliveryId },
      data: { status: "FAILED", nextAttemptAt: null, lastError: "The endpoint is disabled" },
    });
    return { outcome: "failed", status: null, error: "disabled", disabled: false };
  }
  const body = JSON.stringify(delivery.payload);
  const startedAt = clock.now();
  let outcome: PostOutcome;
  try {
    const headers = signedHeaders(endpoint, delivery.eventId, body, startedAt);
    outcome = await (options.post ?? postWebhook)(endpoint.url, { ...headers }, body, {
      allowPrivateNetworks: webhookPrivateNetworksAllowed(config()),
    });
  } catch (error) {
    outcome = {
      status: null,
      durationMs: 0,
      error: error instanceof Error ? error.message : String(error),
    };
  }
  const attempts = delivery.attempts + 1;
  const recorded = {
    attempts,
    responseStatus: outcome.status,
    durationMs: outcome.durationMs,
    lastAttemptAt: startedAt,
    claimedAt: null,
  };
  if (outcome.error === null) {
    await db.$transaction([
      db.webhookDelivery.update({
        where: { id: deliveryId },
        data: { ...recorded, status: "SUCCEEDED", nextAttemptAt: null, lastError: null },
      }),
      db.webhookEndpoint.updateMany({
        where: { id: endpoint.id, failingSince: { not: null } },
        data: { failingSince: null },
      }),
    ]);
    return { outcome: "succeeded", status: outcome.status };
  }
  const delay = RETRY_DELAYS_MS[attempts - 1];
  const next = delay === undefined ? null : new Date(startedAt.getTime() + delay);
  const retrying = next !== null && next <= delivery.retryUntil;
  await db.webhookDelivery.update({
    where: { id: deliveryId },
    data: {
      ...recorded,
      status: retrying ? "PENDING" : "FAILED",
      nextAttemptAt: retrying ? next : null,
      lastError: outcome.error.slice(0, 1000),
    },
  });
  await db.webhookEndpoint.updateMany({
    where: { id: endpoint.id, failingSince: null },
    data: { failingSince: startedAt },
  });
  const disabled = await disableFailingEndpoint(endpoint.id, startedAt);
  logger().info(
    { webhookEndpointId: endpoint.id, deliveryId, attempts, status: outcome.status, retrying },
    "webhook delivery failed",
  );
  return {
    outcome: retrying ? "retrying" : "failed",
    status: outcome.status,
    error: outcome.error,
    disabled,
  };
}
