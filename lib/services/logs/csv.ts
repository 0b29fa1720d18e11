import "server-only";
import type { ServiceContext } from "@/lib/auth/principal";
import { clock } from "@/lib/clock";
import { csvFilename, csvRow, streamPagedCsv } from "@/lib/csv";
import { describeRefusal } from "@/lib/refusal-reasons";
import { authorizeRead } from "@/lib/services/authorize";
import type { RequestLogFilters } from "@/lib/validations/logs";
import { decodeLogCursor } from "@/lib/validations/logs";
import { listRequestLogs, type RequestLogRow } from "./query";

// CSV export of the access log, through the one CSV writer (lib/csv.ts).

export const REQUEST_LOG_CSV_COLUMNS = [
  "timestamp_utc",
  "token_id",
  "token_name",
  "token_revoked",
  "method",
  "path",
  "status",
  "client_ip",
  "duration_ms",
  "user_agent",
  "request_summary",
  "response_summary",
  "error_code",
  // The response's X-Request-Id, what a customer quotes to support (empty for old rows).
  // The internal row id stays internal: it names no request the customer ever saw.
  "request_id",
  "refusal_reason",
  "refusal_reason_text",
  // Made with a token already rotated (in its grace period, or refused after it).
  "after_rotation",
] as const;

export function requestLogCsvRow(row: RequestLogRow): string {
  return csvRow([
    row.createdAt,
    row.tokenId,
    row.tokenName,
    row.tokenRevoked,
    row.method,
    row.path,
    row.status,
    row.clientIp,
    row.durationMs,
    row.userAgent,
    row.requestSummary,
    row.responseSummary,
    row.errorCode,
    row.requestId,
    row.refusalReason,
    describeRefusal(row),
    row.afterRotation,
  ]);
}

export const CSV_EXPORT_CHUNK_SIZE = 1000;

/**
 * Streams the filtered log as CSV, one keyset page per pull, so memory stays bounded by
 * one chunk whatever the export size and a slow client slows the queries down instead
 * of buffering rows. Presets ("last 7 days") are resolved once, at `now`, so the window
 * does not slide while a long export runs. Authorized before the stream is made, so a
 * refusal is an answer of its own rather than a broken download, then for every page.
 */
export async function streamRequestLogsCsv(
  context: ServiceContext,
  filters: RequestLogFilters,
  options: { chunkSize?: number; now?: Date } = {},
): Promise<ReadableStream<Uint8Array>> {
  const now = options.now ?? clock.now();
  const limit = options.chunkSize ?? CSV_EXPORT_CHUNK_SIZE;
  await authorizeRead(context.principal, context.organizationId, "logs:read", { now });
  return streamPagedCsv(REQUEST_LOG_CSV_COLUMNS, async (cursor) => {
    const page = await listRequestLogs(
      context,
      { ...filters, limit, cursor: cursor ? (decodeLogCursor(cursor) ?? undefined) : undefined },
      now,
    );
    return { lines: page.rows.map(requestLogCsvRow), nextCursor: page.nextCursor };
  });
}

/** "access-logs-20261122-131500.csv" (UTC), safe in a Content-Disposition header. */
export function requestLogCsvFilename(now: Date = clock.now()): string {
  return csvFilename("access-logs", now);
}
