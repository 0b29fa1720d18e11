import "server-only";
import { auditActionLabel } from "@/lib/audit/actions";
import type { Principal } from "@/lib/auth/principal";
import { clock } from "@/lib/clock";
import { csvFilename, csvRow, streamPagedCsv } from "@/lib/csv";
import { type AuditEventFilters, decodeAuditCursor } from "@/lib/validations/audit";
import { type AuditEventView, listAuditEvents } from "./query";

// CSV export of the Audit Log page's current filters, through the one CSV writer.

export const AUDIT_CSV_COLUMNS = [
  "timestamp_utc",
  "action",
  "action_label",
  "actor_type",
  "actor_id",
  "actor_name",
  "target_type",
  "target_id",
  "target_name",
  "ip",
  "details",
] as const;

export function auditEventCsvRow(event: AuditEventView): string {
  return csvRow([
    event.createdAt,
    event.action,
    auditActionLabel(event.action, event.metadata),
    event.actor.kind,
    event.actor.id,
    event.actor.name,
    event.targetType,
    event.targetId,
    event.targetName,
    event.ip,
    JSON.stringify(event.metadata),
  ]);
}

const CHUNK_SIZE = 100;

/**
 * Streams every event matching `filters`, newest first; presets resolve once, at `now`.
 * Each chunk is authorized again: access lost during a long export ends it.
 */
export function streamAuditEventsCsv(
  actor: Principal,
  organizationId: string,
  filters: AuditEventFilters,
  now: Date = clock.now(),
): ReadableStream<Uint8Array> {
  return streamPagedCsv(AUDIT_CSV_COLUMNS, async (cursor) => {
    const page = await listAuditEvents(
      actor,
      organizationId,
      {
        ...filters,
        limit: CHUNK_SIZE,
        cursor: cursor ? (decodeAuditCursor(cursor) ?? undefined) : undefined,
      },
      now,
    );
    return { lines: page.events.map(auditEventCsvRow), nextCursor: page.nextCursor };
  });
}

export function auditCsvFilename(now: Date = clock.now()): string {
  return csvFilename("audit-log", now);
}
