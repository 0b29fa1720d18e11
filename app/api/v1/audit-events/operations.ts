import { defineOperation } from "@/lib/api/operation";
import { auditActionLabel } from "@/lib/audit/actions";
import { type AuditEventView, listAuditEvents } from "@/lib/services/audit/query";
import { auditEventQuerySchema } from "@/lib/validations/audit";
import { type AuditEventJson, auditEventListSchema } from "@/lib/validations/audit-event";

// The operations of /api/v1/audit-events: declaration and handler (see lib/api/operation.ts).

function toJson(event: AuditEventView): AuditEventJson {
  return {
    id: event.id,
    createdAt: event.createdAt.toISOString(),
    action: event.action,
    actionLabel: auditActionLabel(event.action, event.metadata),
    actor: { type: event.actor.kind, id: event.actor.id, name: event.actor.name },
    target: { type: event.targetType, id: event.targetId, name: event.targetName },
    ip: event.ip,
    details: event.metadata,
  };
}

export const listAuditEventsOperation = defineOperation(
  {
    method: "GET",
    path: "/api/v1/audit-events",
    operationId: "listAuditEvents",
    summary: "List audit events",
    description:
      "Who did what in the organization (the dashboard's Audit Log), newest first, with the same filters and cursor pagination.",
    tag: "Audit log",
    scope: "audit:read",
    query: auditEventQuerySchema,
    responses: {
      200: { schema: auditEventListSchema, description: "A page of audit events." },
    },
  },
  async ({ token, principal, query, json, summarize }) => {
    const page = await listAuditEvents(principal, token.organizationId, query);
    summarize({ response: `${page.events.length} items${page.nextCursor ? ", more" : ""}` });
    return json({
      data: page.events.map(toJson),
      pagination: {
        limit: query.limit,
        nextCursor: page.nextCursor,
        hasMore: page.nextCursor !== null,
      },
    });
  },
);
