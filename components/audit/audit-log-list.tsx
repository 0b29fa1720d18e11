"use client";

import type { ColumnDef } from "@tanstack/react-table";
import { AuditEventActor } from "@/components/audit/audit-event-actor";
import { LogTimestamp } from "@/components/logs/log-timestamp";
import { DataTable, useDataTable } from "@/components/ui/data-table";
import { auditActionLabel } from "@/lib/audit/actions";
import type { AuditEventView } from "@/lib/services/audit/query";
import { type AuditDetail, describeAuditDetails } from "./audit-details";

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

function Arrow() {
  return (
    <>
      {" "}
      <span aria-hidden="true">→</span>
      <span className="sr-only">to</span>{" "}
    </>
  );
}

/** "added a, b" or "removed c", after what came before on the line. */
function Entries({ verb, entries, first }: { verb: string; entries: string[]; first: boolean }) {
  if (entries.length === 0) return null;
  return (
    <>
      {first ? " " : "; "}
      {verb}{" "}
      {entries.map((entry, index) => (
        <span key={entry}>
          {index > 0 ? ", " : null}
          <code className="font-mono text-foreground">{entry}</code>
        </span>
      ))}
    </>
  );
}

function DetailLine({ detail }: { detail: AuditDetail }) {
  const label = <span className="text-foreground/80">{detail.label}:</span>;
  if (detail.kind === "value") {
    return (
      <>
        {label} {detail.value}
      </>
    );
  }
  if (detail.kind === "change") {
    return (
      <>
        {label} {detail.before}
        <Arrow />
        <span className="text-foreground">{detail.after}</span>
      </>
    );
  }
  const summary =
    detail.summary && detail.summary.before !== detail.summary.after ? detail.summary : null;
  return (
    <>
      {label}
      {summary ? (
        <>
          {" "}
          {summary.before}
          <Arrow />
          <span className="text-foreground">{summary.after}</span>
        </>
      ) : null}
      <Entries verb="added" entries={detail.added} first={!summary} />
      <Entries
        verb="removed"
        entries={detail.removed}
        first={!summary && detail.added.length === 0}
      />
    </>
  );
}

/** What the event recorded: old → new values, entries added and removed, what was set. */
function Details({ event }: { event: AuditEventView }) {
  const details = describeAuditDetails(event.action, event.metadata);
  if (details.length === 0) return null;
  return (
    <ul aria-label="Details" className="mt-0.5 grid gap-0.5 text-muted-foreground text-xs">
      {details.map((detail, index) => (
        <li key={index} className="break-words">
          <DetailLine detail={detail} />
        </li>
      ))}
    </ul>
  );
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
      <Details event={event} />
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
