import "server-only";
import { TOKEN_ALPHABET, TOKEN_PREFIX, TOKEN_SECRET_LENGTH } from "@/lib/auth/token-format";

// What the request log may keep of client-supplied text. Clients put tokens where they do
// not belong (a query parameter, the user agent, a Content-Type, their own request id), and
// anything stored is shown to every member of the organization and exported as CSV.

// Token-shaped: the `ms_` prefix followed by at least 8 token characters (a whole or
// partial token), or any run of at least 43 token characters (base64url), the length of a
// token's secret part: that catches the secret without its prefix, with the prefix in
// another case, or glued to other text. Characters may be percent-encoded, so encoding one
// or two does not smuggle a token through. The second rule also masks other long opaque
// values, such as pagination cursors; the log loses nothing a customer reads.
const MIN_PREFIXED_LENGTH = TOKEN_PREFIX.length + 8;

// Candidates are maximal runs of token characters and "%" (for escapes); the lookbehind
// starts a match only where a run starts, so finding them is linear. Each is then checked
// without backtracking.
const RUN_CHARACTER = `[%${TOKEN_ALPHABET}]`;
const CANDIDATE_RUN = new RegExp(
  `(?<!${RUN_CHARACTER})${RUN_CHARACTER}{${MIN_PREFIXED_LENGTH},}`,
  "g",
);
// Percent-escapes of token characters (TOKEN_ALPHABET: 0-9, A-Z, a-z, "-", "_").
const TOKEN_CHAR_ESCAPE = /%(?:3[0-9]|[46][1-9A-Fa-f]|[57][0-9Aa]|2[Dd]|5[Ff])/g;

const decodeEscape = (sequence: string) =>
  String.fromCharCode(Number.parseInt(sequence.slice(1), 16));

type TokenShape = "prefixed" | "bare";

function tokenShapeOf(run: string): TokenShape | null {
  const decoded = run.includes("%") ? run.replace(TOKEN_CHAR_ESCAPE, decodeEscape) : run;
  // A "%" left over escapes some other character, which a token cannot contain.
  let shape: TokenShape | null = null;
  for (const part of decoded.split("%")) {
    if (part.startsWith(TOKEN_PREFIX) && part.length >= MIN_PREFIXED_LENGTH) return "prefixed";
    if (part.length >= TOKEN_SECRET_LENGTH) shape = "bare";
  }
  return shape;
}

export function redactTokens(value: string): string {
  return value.replace(CANDIDATE_RUN, (run) => {
    const shape = tokenShapeOf(run);
    return shape === null ? run : shape === "prefixed" ? `${TOKEN_PREFIX}[REDACTED]` : "[REDACTED]";
  });
}

export function containsTokenShapedValue(value: string): boolean {
  for (const [run] of value.matchAll(CANDIDATE_RUN)) if (tokenShapeOf(run)) return true;
  return false;
}

// C0 and C1 controls, DEL, and the Unicode line/paragraph separators and bidirectional
// overrides: characters that could forge a line in a log view or CSV, move a terminal's
// cursor, or make a stored value display as something else.
// biome-ignore lint/suspicious/noControlCharactersInRegex: escaping them is the point
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const NAMED_ESCAPES: Record<string, string> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };

/** Replaces control characters with visible escapes (`\n`, `\r`, `\t`, `\u001b`, …). */
export function escapeControlCharacters(value: string): string {
  return value.replace(
    CONTROL_CHARACTERS,
    (char) => NAMED_ESCAPES[char] ?? `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

function clip(value: string, max: number): string {
  return value.length > max ? `${value.slice(0, max - 1)}…` : value;
}

/**
 * The form in which client-supplied text is stored: token-shaped values masked, control
 * characters escaped, then clipped to `max` characters. Redaction runs before clipping, so a
 * token cut in half by the limit cannot slip through as a shorter, unrecognized run.
 */
export function storableText(value: string, max: number): string {
  return clip(escapeControlCharacters(redactTokens(value)), max);
}
