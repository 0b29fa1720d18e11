import { clock } from "@/lib/clock";
// The one CSV writer of the exports (access log, audit log). Values come from API clients
// (paths, user agents) and from users (token names), so every cell is escaped per
// RFC 4180 and cells that a spreadsheet would evaluate as a formula are neutralized.

export type CsvValue = string | number | boolean | Date | null | undefined;

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

/** One keyset page of an export: its rows as CSV lines and where the next page starts. */
export type CsvPage = { lines: string[]; nextCursor: string | null };

/**
 * Streams a CSV of `header` and then one keyset page per pull, so memory stays bounded by
 * one page whatever the export size, and a slow client slows the queries down instead of
 * buffering rows. `readPage(undefined)` reads the first page.
 */
export function streamPagedCsv(
  header: readonly string[],
  readPage: (cursor: string | undefined) => Promise<CsvPage>,
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let cursor: string | null | undefined;
  let headerSent = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!headerSent) {
        headerSent = true;
        controller.enqueue(encoder.encode(csvRow([...header])));
        return;
      }
      if (cursor === null) {
        controller.close();
        return;
      }
      const page = await readPage(cursor);
      cursor = page.nextCursor;
      if (page.lines.length > 0) controller.enqueue(encoder.encode(page.lines.join("")));
      if (cursor === null) controller.close();
    },
  });
}

/** "<prefix>-20261122-131500.csv" (UTC), safe in a Content-Disposition header. */
export function csvFilename(prefix: string, now: Date = clock.now()): string {
  const stamp = now
    .toISOString()
    .replace(/\.\d{3}Z$/, "")
    .replace(/[-:]/g, "")
    .replace("T", "-");
  return `${prefix}-${stamp}.csv`;
}

/** The headers of a CSV download named `filename`. */
export function csvResponseHeaders(filename: string): HeadersInit {
  return {
    "Content-Type": "text/csv; charset=utf-8",
    "Content-Disposition": `attachment; filename="${filename}"`,
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
  };
}
