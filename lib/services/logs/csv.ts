import "server-only";
import { describeRefusalReason } from "@/lib/refusal-reasons";
import type { RequestLogFilters } from "@/lib/validations/logs";
import { decodeLogCursor } from "@/lib/validations/logs";
import { listRequestLogs, type RequestLogRow } from "./query";

// CSV export of the access log. Values come from API clients (paths, user agents) and
// from users (token names), so every cell is escaped per RFC 4180 and cells that a
// spreadsheet would evaluate as a formula are neutralized.

type CsvValue = string | number | boolean | Date | null | undefined;

/** Characters that make Excel, LibreOffice and Google Sheets treat a cell as a formula. */
const FORMULA_TRIGGERS = new Set(["=", "+", "-", "@", "\t", "\r"]);

export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  let text = value instanceof Date ? value.toISOString() : value;
  // A leading apostrophe makes spreadsheets show the text instead of evaluating it.
  if (text.length > 0 && FORMULA_TRIGGERS.has(text[0]!)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvRow(values: CsvValue[]): string {
  return `${values.map(csvCell).join(",")}\r\n`;
}

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
    describeRefusalReason(row.refusalReason),
    row.afterRotation,
  ]);
}

export const CSV_EXPORT_CHUNK_SIZE = 1000;

/**
 * Streams the filtered log as CSV, one keyset page per pull, so memory stays bounded by
 * one chunk whatever the export size and a slow client slows the queries down instead
 * of buffering rows. Presets ("last 7 days") are resolved once, at `now`, so the window
 * does not slide while a long export runs.
 */
export function streamRequestLogsCsv(
  organizationId: string,
  filters: RequestLogFilters,
  options: { chunkSize?: number; now?: Date } = {},
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const now = options.now ?? new Date();
  const chunkSize = options.chunkSize ?? CSV_EXPORT_CHUNK_SIZE;
  let cursor: string | null | undefined;
  let headerSent = false;

  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!headerSent) {
        headerSent = true;
        controller.enqueue(encoder.encode(csvRow([...REQUEST_LOG_CSV_COLUMNS])));
        return;
      }
      if (cursor === null) {
        controller.close();
        return;
      }
      const page = await listRequestLogs(
        organizationId,
        {
          ...filters,
          limit: chunkSize,
          cursor: cursor ? (decodeLogCursor(cursor) ?? undefined) : undefined,
        },
        now,
      );
      cursor = page.nextCursor;
      if (page.rows.length > 0) {
        controller.enqueue(encoder.encode(page.rows.map(requestLogCsvRow).join("")));
      }
      if (cursor === null) controller.close();
    },
  });
}

/** "access-logs-20261122-131500.csv" (UTC), safe in a Content-Disposition header. */
export function requestLogCsvFilename(now: Date = new Date()): string {
  const stamp = now
    .toISOString()
    .replace(/\.\d{3}Z$/, "")
    .replace(/[-:]/g, "")
    .replace("T", "-");
  return `access-logs-${stamp}.csv`;
}
