import type { z } from "zod";

// Names people give things (their own name, their organization's, a token's) are shown on
// one line: tables, the header, audit exports, emails. A control character or line break
// in one is invisible on screen, breaks log lines and CSV rows, and in an email writes
// lines MailShield did not write. Client-safe.

/** C0/C1 control characters and the Unicode line/paragraph separators. */
export const CONTROL_OR_LINE_BREAK = /[\p{Cc}\u2028\u2029]/u;
const CONTROL_OR_LINE_BREAK_RUNS = new RegExp(`${CONTROL_OR_LINE_BREAK.source}+`, "gu");

/**
 * `schema` refusing control characters and line breaks, with a message naming `subject`
 * ("Name", "Your name").
 */
export function singleLineText<T extends z.ZodType<string>>(schema: T, subject: string) {
  return schema.refine((value) => !CONTROL_OR_LINE_BREAK.test(value), {
    error: `${subject} cannot contain control characters or line breaks`,
  });
}

/**
 * A stored name on one line, for text MailShield writes itself (emails): every run of
 * control characters and line breaks becomes one space. For names saved before they were
 * refused, or written to the database by other means.
 */
export function oneLine(text: string): string {
  return text.replace(CONTROL_OR_LINE_BREAK_RUNS, " ").trim();
}
