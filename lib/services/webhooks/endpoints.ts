import "server-only";
import type { ServiceContext } from "@/lib/auth/principal";
import { clock } from "@/lib/clock";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { recordAuditEvent } from "@/lib/services/audit/record-audit-event";
import { authorize, authorizeRead } from "@/lib/services/authorize";
import { enqueueWebhookEvents } from "@/lib/services/webhook-outbox/enqueue";
import { isUuid } from "@/lib/validations/uuid";
import type {
  CreateWebhookInput,
  UpdateWebhookInput,
  WebhookJson,
} from "@/lib/validations/webhook";
import { WEBHOOK_TEST_EVENT } from "@/lib/webhooks/events";
import { encryptWebhookSecret, generateWebhookSecret } from "./secret-crypto";
import { assertAllowedWebhookUrl } from "./url-policy";
import { toWebhookJson, WEBHOOK_SELECT, webhookNotFound } from "./webhook-json";

// Webhook endpoints: every read authorized on webhooks:read, every change on
// webhooks:write inside its transaction, each change audited. The signing secret leaves
// only in the answer of create and rotate.

/** After a rotation, the previous secret keeps signing this long. */
export const ROTATION_WINDOW_MS = 24 * 60 * 60 * 1000;
export const MAX_ENDPOINTS_PER_ORGANIZATION = 20;

export interface WebhookWithSecret {
  webhook: WebhookJson;
  secret: string;
}

export async function listWebhooks({
  principal,
  organizationId,
}: ServiceContext): Promise<WebhookJson[]> {
  await authorizeRead(principal, organizationId, "webhooks:read");
  const rows = await db.webhookEndpoint.findMany({
    where: { organizationId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: WEBHOOK_SELECT,
  });
  const now = clock.now();
  return rows.map((row) => toWebhookJson(row, now));
}

export async function getWebhook(
  { principal, organizationId }: ServiceContext,
  id: string,
): Promise<WebhookJson> {
  await authorizeRead(principal, organizationId, "webhooks:read");
  if (!isUuid(id)) throw webhookNotFound();
  const row = await db.webhookEndpoint.findFirst({
    where: { id, organizationId },
    select: WEBHOOK_SELECT,
  });
  if (!row) throw webhookNotFound();
  return toWebhookJson(row, clock.now());
}

export async function createWebhook(
  { principal, organizationId }: ServiceContext,
  input: CreateWebhookInput,
): Promise<WebhookWithSecret> {
  assertAllowedWebhookUrl(input.url);
  const secret = generateWebhookSecret();
  const row = await db.$transaction(async (tx) => {
    await authorize(tx, principal, organizationId, "webhooks:write");
    const count = await tx.webhookEndpoint.count({ where: { organizationId } });
    if (count >= MAX_ENDPOINTS_PER_ORGANIZATION) {
      throw new AppError(
        "conflict",
        `An organization can have at most ${MAX_ENDPOINTS_PER_ORGANIZATION} webhook endpoints; delete one first`,
      );
    }
    const created = await tx.webhookEndpoint.create({
      data: {
        organizationId,
        url: input.url,
        description: input.description,
        eventTypes: input.eventTypes,
        secretEncrypted: encryptWebhookSecret(secret),
        createdById: principal.kind === "user" ? principal.userId : null,
        createdAt: clock.now(),
      },
      select: WEBHOOK_SELECT,
    });
    await recordAuditEvent(tx, {
      organizationId,
      actor: principal,
      action: "webhook.created",
      targetType: "webhook",
      targetId: created.id,
      metadata: { url: created.url, eventTypes: created.eventTypes },
    });
    return created;
  });
  return { webhook: toWebhookJson(row, clock.now()), secret };
}

export async function updateWebhook(
  { principal, organizationId }: ServiceContext,
  id: string,
  input: UpdateWebhookInput,
): Promise<WebhookJson> {
  if (!isUuid(id)) throw webhookNotFound();
  if (input.url !== undefined) assertAllowedWebhookUrl(input.url);
  const now = clock.now();
  const row = await db.$transaction(async (tx) => {
    await authorize(tx, principal, organizationId, "webhooks:write");
    const before = await tx.webhookEndpoint.findFirst({
      where: { id, organizationId },
      select: WEBHOOK_SELECT,
    });
    if (!before) throw webhookNotFound();
    const enabling = input.enabled === true && !before.enabled;
    const disabling = input.enabled === false && before.enabled;
    const updated = await tx.webhookEndpoint.update({
      where: { id },
      data: {
        url: input.url,
        description: input.description,
        eventTypes: input.eventTypes,
        ...(enabling
          ? { enabled: true, disabledReason: null, disabledAt: null, failingSince: null }
          : {}),
        ...(disabling ? { enabled: false, disabledReason: "manual", disabledAt: now } : {}),
      },
      select: WEBHOOK_SELECT,
    });
    const changes: Record<string, { before: string | boolean; after: string | boolean }> = {};
    if (before.url !== updated.url) changes.url = { before: before.url, after: updated.url };
    if (before.description !== updated.description) {
      changes.description = { before: before.description, after: updated.description };
    }
    if (before.eventTypes.join(",") !== updated.eventTypes.join(",")) {
      changes.eventTypes = {
        before: before.eventTypes.join(", "),
        after: updated.eventTypes.join(", "),
      };
    }
    if (before.enabled !== updated.enabled) {
      changes.enabled = { before: before.enabled, after: updated.enabled };
    }
    if (Object.keys(changes).length > 0) {
      await recordAuditEvent(tx, {
        organizationId,
        actor: principal,
        action: "webhook.updated",
        targetType: "webhook",
        targetId: id,
        metadata: { url: updated.url, changes },
      });
    }
    return updated;
  });
  return toWebhookJson(row, now);
}

export async function deleteWebhook(
  { principal, organizationId }: ServiceContext,
  id: string,
): Promise<{ id: string; url: string }> {
  if (!isUuid(id)) throw webhookNotFound();
  return db.$transaction(async (tx) => {
    await authorize(tx, principal, organizationId, "webhooks:write");
    const row = await tx.webhookEndpoint.findFirst({
      where: { id, organizationId },
      select: { id: true, url: true },
    });
    // Deliveries go with it (ON DELETE CASCADE).
    if (
      !row ||
      (await tx.webhookEndpoint.deleteMany({ where: { id, organizationId } })).count === 0
    ) {
      throw webhookNotFound();
    }
    await recordAuditEvent(tx, {
      organizationId,
      actor: principal,
      action: "webhook.deleted",
      targetType: "webhook",
      targetId: id,
      metadata: { url: row.url },
    });
    return row;
  });
}

/**
 * A new secret; the current one becomes the previous one and keeps signing for 24 hours
 * (both signatures in `webhook-signature`), so receivers can switch without losing events.
 */
export async function rotateWebhookSecret(
  { principal, organizationId }: ServiceContext,
  id: string,
): Promise<WebhookWithSecret> {
  if (!isUuid(id)) throw webhookNotFound();
  const secret = generateWebhookSecret();
  const now = clock.now();
  const row = await db.$transaction(async (tx) => {
    await authorize(tx, principal, organizationId, "webhooks:write");
    const current = await tx.webhookEndpoint.findFirst({
      where: { id, organizationId },
      select: { secretEncrypted: true },
    });
    if (!current) throw webhookNotFound();
    const updated = await tx.webhookEndpoint.update({
      where: { id },
      data: {
        secretEncrypted: encryptWebhookSecret(secret),
        previousSecretEncrypted: current.secretEncrypted,
        previousSecretExpiresAt: new Date(now.getTime() + ROTATION_WINDOW_MS),
      },
      select: WEBHOOK_SELECT,
    });
    await recordAuditEvent(tx, {
      organizationId,
      actor: principal,
      action: "webhook.secret_rotated",
      targetType: "webhook",
      targetId: id,
      metadata: { url: updated.url },
    });
    return updated;
  });
  return { webhook: toWebhookJson(row, now), secret };
}

/** Queues a `webhook.test` event for the endpoint, enabled or not. */
export async function sendTestEvent(
  { principal, organizationId }: ServiceContext,
  id: string,
): Promise<{ eventId: string | null }> {
  if (!isUuid(id)) throw webhookNotFound();
  return db.$transaction(async (tx) => {
    await authorize(tx, principal, organizationId, "webhooks:write");
    const endpoint = await tx.webhookEndpoint.findFirst({
      where: { id, organizationId },
      select: { id: true, enabled: true },
    });
    if (!endpoint) throw webhookNotFound();
    if (!endpoint.enabled) {
      throw new AppError("conflict", "This endpoint is disabled: enable it to send a test event");
    }
    await enqueueWebhookEvents(
      tx,
      organizationId,
      [
        {
          type: WEBHOOK_TEST_EVENT,
          data: { endpointId: id, message: "A test event from MailShield" },
        },
      ],
      { endpointId: id },
    );
    const latest = await tx.webhookDelivery.findFirst({
      where: { endpointId: id, eventType: WEBHOOK_TEST_EVENT },
      orderBy: { createdAt: "desc" },
      select: { eventId: true },
    });
    return { eventId: latest?.eventId ?? null };
  });
}
