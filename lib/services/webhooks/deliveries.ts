import "server-only";
import type { ServiceContext } from "@/lib/auth/principal";
import { clock } from "@/lib/clock";
import { db } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import { authorize, authorizeRead } from "@/lib/services/authorize";
import { RETRY_WINDOW_MS } from "@/lib/services/webhook-outbox/enqueue";
import { isUuid } from "@/lib/validations/uuid";
import type { WebhookDeliveryJson } from "@/lib/validations/webhook";
import { DELIVERY_SELECT, toDeliveryJson, webhookNotFound } from "./webhook-json";

// An endpoint's delivery log, and Resend.

/** The newest `limit` deliveries of the endpoint, newest first. */
export async function listDeliveries(
  { principal, organizationId }: ServiceContext,
  endpointId: string,
  limit = 50,
): Promise<WebhookDeliveryJson[]> {
  await authorizeRead(principal, organizationId, "webhooks:read");
  if (!isUuid(endpointId)) throw webhookNotFound();
  const endpoint = await db.webhookEndpoint.findFirst({
    where: { id: endpointId, organizationId },
    select: { id: true },
  });
  if (!endpoint) throw webhookNotFound();
  const rows = await db.webhookDelivery.findMany({
    where: { endpointId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit,
    select: DELIVERY_SELECT,
  });
  return rows.map(toDeliveryJson);
}

/**
 * Sends a delivery again: the same event id (`webhook-id`) and payload, due now, with a new
 * 24-hour retry window. Not while it is being sent.
 */
export async function resendDelivery(
  { principal, organizationId }: ServiceContext,
  input: { endpointId: string; deliveryId: string },
): Promise<WebhookDeliveryJson> {
  const { endpointId, deliveryId } = input;
  if (!isUuid(endpointId) || !isUuid(deliveryId)) throw notFound("Delivery");
  const now = clock.now();
  return db.$transaction(async (tx) => {
    await authorize(tx, principal, organizationId, "webhooks:write");
    const delivery = await tx.webhookDelivery.findFirst({
      where: { id: deliveryId, endpointId, organizationId },
      select: { id: true, status: true, endpoint: { select: { enabled: true } } },
    });
    if (!delivery) throw notFound("Delivery");
    if (!delivery.endpoint.enabled) {
      throw new AppError("conflict", "This endpoint is disabled: enable it to resend");
    }
    if (delivery.status === "SENDING" || delivery.status === "PENDING") {
      throw new AppError("conflict", "This delivery is already queued");
    }
    const updated = await tx.webhookDelivery.update({
      where: { id: deliveryId },
      data: {
        status: "PENDING",
        nextAttemptAt: now,
        retryUntil: new Date(now.getTime() + RETRY_WINDOW_MS),
        claimedAt: null,
      },
      select: DELIVERY_SELECT,
    });
    return toDeliveryJson(updated);
  });
}
