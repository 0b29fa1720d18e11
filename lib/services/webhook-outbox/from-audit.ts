import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { WebhookEventType } from "@/lib/webhooks/events";
import { enqueueWebhookEvents, type OutboxClient, type WebhookEvent } from "./enqueue";

// Every audit event is also a webhook event: `audit.event` (the audit log as a stream) and,
// for the token and member actions, the event named after it. Called by the audit writer
// (lib/services/audit/record-audit-event.ts), in the transaction of the audit event: the
// one place webhook events of changes come from.

/** Audit actions that are webhook events of their own, by the same name. */
const NAMED_EVENTS = new Set<string>([
  "token.created",
  "token.updated",
  "token.rotated",
  "token.revoked",
  "member.joined",
  "member.removed",
] satisfies WebhookEventType[]);

export interface RecordedAuditEvent {
  id: string;
  organizationId: string;
  action: string;
  actorId: string | null;
  actorTokenId: string | null;
  targetType: string;
  targetId: string | null;
  /** Already checked for secrets by the audit writer. */
  metadata: Prisma.InputJsonObject;
  createdAt: Date;
}

function actorOf(event: RecordedAuditEvent): Prisma.InputJsonObject {
  if (event.actorId) return { type: "user", id: event.actorId };
  if (event.actorTokenId) return { type: "token", id: event.actorTokenId };
  return { type: "system", id: null };
}

export function webhookEventsForAudit(event: RecordedAuditEvent): WebhookEvent[] {
  const actor = actorOf(event);
  const events: WebhookEvent[] = [
    {
      type: "audit.event",
      data: {
        auditEventId: event.id,
        action: event.action,
        actor,
        target: { type: event.targetType, id: event.targetId },
        metadata: event.metadata,
        createdAt: event.createdAt.toISOString(),
      },
    },
  ];
  if (NAMED_EVENTS.has(event.action)) {
    const subject = event.action.startsWith("token.") ? "tokenId" : "userId";
    events.push({
      type: event.action as WebhookEventType,
      data: {
        [subject]: event.targetId,
        organizationId: event.organizationId,
        actor,
        auditEventId: event.id,
        metadata: event.metadata,
        occurredAt: event.createdAt.toISOString(),
      },
    });
  }
  return events;
}

export function enqueueAuditWebhooks(
  client: OutboxClient,
  event: RecordedAuditEvent,
): Promise<number> {
  return enqueueWebhookEvents(client, event.organizationId, webhookEventsForAudit(event));
}
