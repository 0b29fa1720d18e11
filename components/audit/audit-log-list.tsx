"use client";

import type { ColumnDef } from "@tanstack/react-table";
import { AuditEventActor } from "@/components/audit/audit-event-actor";
import { LogTimestamp } from "@/components/logs/log-timestamp";
import { DataTable, useDataTable } from "@/components/ui/data-table";
import { auditActionLabel } from "@/lib/audit/actions";
import type { Role } from "@/lib/generated/prisma/enums";
import { ROLE_LABELS } from "@/lib/permissions";
import { countOf } from "@/lib/plural";
import type { AuditEventView } from "@/lib/services/audit/query";

// One page of audit events, as a <DataTable>: a table on wide screens, stacked records
// (the action first) below 48rem, so a phone shows every field without scrolling sideways.

const TARGET_LABELS: Record<string, string> = {
  api_token: "Token",
  domain: "Domain",
  organization: "Organization",
  user: "Account",
  invitation: "Invitation",
};

function Target({ event }: { event: AuditEventView }) {
  const kind = TARGET_LABELS[event.targetType] ?? event.targetType;
  return (
    <span className="min-w-0 break-words">
      <span className="text-muted-foreground">{kind}</span>
      {event.targetName ? <> {event.targetName}</> : null}
    </span>
  );
}

/** Short enough to show inline as "before → after"; longer values are only named. */
const INLINE_VALUE_MAX = 40;

/** One changed field: its name, and its values when both are short strings (a role, a name). */
function describeChange(field: string, change: unknown): string {
  if (!change || typeof change !== "object") return field;
  const { before, after } = change as { before?: unknown; after?: unknown };
  const short = (value: unknown): value is string =>
    typeof value === "string" && value.length > 0 && value.length <= INLINE_VALUE_MAX;
  const label = (value: string) =>
    field === "role" ? (ROLE_LABELS[value as Role] ?? value) : value;
  return short(before) && short(after) ? `${field} ${label(before)} → ${label(after)}` : field;
}

/** What changed, when the event recorded a before/after list; else nothing. */
function Changes({ event }: { event: AuditEventView }) {
  const changes = event.metadata.changes;
  if (!changes || typeof changes !== "object") return null;
  const fields = Object.entries(changes).map(([field, change]) => describeChange(field, change));
  return fields.length > 0 ? (
    <span className="block break-words text-muted-foreground text-xs">
      Changed: {fields.join(", ")}
    </span>
  ) : null;
}

/** A membership's role (invited, joined, removed) and tokens revoked with a removal. */
function MemberDetail({ event }: { event: AuditEventView }) {
  if (!event.action.startsWith("member.")) return null;
  const { role, revokedTokens } = event.metadata;
  const parts = [
    typeof role === "string" ? `Role: ${ROLE_LABELS[role as Role] ?? role}` : null,
    typeof revokedTokens === "number" && revokedTokens > 0
      ? `${countOf(revokedTokens, "token")} revoked`
      : null,
  ].filter(Boolean);
  return parts.length > 0 ? (
    <span className="block text-muted-foreground text-xs">{parts.join(" · ")}</span>
  ) : null;
}

/** Where a token revoked as exposed was found, as the report said (shown as text only). */
function ExposedAt({ event }: { event: AuditEventView }) {
  const { exposedUrl, exposedSource } = event.metadata;
  if (typeof exposedUrl !== "string") return null;
  const source = typeof exposedSource === "string" ? ` (${exposedSource})` : "";
  return (
    <span className="block break-all text-muted-foreground text-xs">
      Found at {exposedUrl}
      {source}
    </span>
  );
}

function Action({ event }: { event: AuditEventView }) {
  return (
    <span className="min-w-0">
      <span className="font-medium">{auditActionLabel(event.action, event.metadata)}</span>
      <Changes event={event} />
      <MemberDetail event={event} />
      <ExposedAt event={event} />
    </span>
  );
}

// Module-level: the columns depend on nothing but the event.
const COLUMNS: ColumnDef<AuditEventView>[] = [
  {
    id: "time",
    header: "Time",
    meta: { headerClassName: "w-40", cellClassName: "align-top" },
    cell: ({ row }) => <LogTimestamp date={row.original.createdAt} />,
  },
  {
    id: "actor",
    header: "Actor",
    meta: { cellClassName: "align-top whitespace-normal" },
    cell: ({ row }) => <AuditEventActor actor={row.original.actor} />,
  },
  {
    id: "action",
    header: "Action",
    // What happened is the record's title when stacked (no control in it moves out of order).
    meta: { slot: "title", cellClassName: "align-top whitespace-normal" },
    cell: ({ row }) => <Action event={row.original} />,
  },
  {
    id: "target",
    header: "Target",
    meta: { cellClassName: "align-top whitespace-normal" },
    cell: ({ row }) => <Target event={row.original} />,
  },
  {
    id: "ip",
    header: "IP",
    meta: {
      headerClassName: "w-36",
      cellClassName: "align-top font-mono text-xs break-all whitespace-normal",
    },
    cell: ({ row }) => row.original.ip ?? "—",
  },
];

export function AuditLogList({ events }: { events: AuditEventView[] }) {
  const table = useDataTable({
    data: events,
    columns: COLUMNS,
    getRowId: (event) => event.id,
    enableSorting: false,
  });
  return <DataTable table={table} label="Audit events" className="table-fixed" />;
}
