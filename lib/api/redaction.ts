import "server-only";
import { TOKEN_ALPHABET, TOKEN_PREFIX, TOKEN_SECRET_LENGTH } from "@/lib/auth/token-format";
import { toWellFormedText } from "@/lib/validations/well-formed-text";

// What the request log may keep of client-supplied text. Clients put tokens where they do
// not belong (a query parameter, the user agent, a Content-Type, their own request id), and
// anything stored is shown to every member of the organization and exported as CSV.

// Secret-shaped: what the log must not keep of a token is its secret, or any piece of it
// long enough to matter, however it was cut or disguised. A "piece" is a run of token
// characters (base64url), percent-escapes of them decoded, so encoding some characters does
// not smuggle a secret through. A piece is secret-shaped when
// - it starts with the `ms_` prefix and holds at least 8 more characters (a whole or partial
//   token), or
// - it is at least as long as a token's secret (43): the secret without its prefix, with the
//   prefix in another case, or glued to other text (other long opaque values, such as
//   pagination cursors, are masked too; the log loses nothing a customer reads), or
// - it has at least MIN_SECRET_PIECE characters with letters of both cases, and is no
//   hexadecimal value.
// Two pieces joined by one separator (a dot, a colon, a space, a percent-escape: a secret
// split once) are judged as one by the last rule, when neither is secret-shaped alone (or
// the first is a partial token, `ms_` and fewer than 43 characters, which may go on).
//
// Why 32 characters with both cases: a slice of 32 of the 43 leaves 66 bits to guess
// online, while ordinary long runs stay readable. A UUID (36 characters with dashes), a
// hex trace id or hash, a media type (`application/x-www-form-urlencoded`), a domain name or
// a path segment is written in one case, or in hex digits, whereas 32 random base64url
// characters lack upper- or lower-case letters about once in ten million. Runs of 32-42
// characters with both cases (a long camel-cased product name in a user agent) are masked:
// the price of catching every slice of a secret.
const MIN_PREFIXED_LENGTH = TOKEN_PREFIX.length + 8;
const MIN_SECRET_PIECE = 32;

// A piece: token characters and percent-escapes of them (TOKEN_ALPHABET: 0-9, A-Z, a-z,
// "-", "_"); or else an escape of another character, matched only to be read as a separator
// (so its hex digits do not start a piece). "%" is no token character, so each position is
// read once: finding the pieces is linear.
const TOKEN_CHAR_ESCAPE = "%(?:3[0-9]|[46][1-9A-Fa-f]|[57][0-9Aa]|2[Dd]|5[Ff])";
const PIECE = new RegExp(`(?:[${TOKEN_ALPHABET}]|${TOKEN_CHAR_ESCAPE})+|(%[0-9A-Fa-f]{2})`, "g");
const HEX_VALUE = /^[0-9A-Fa-f-]{8,}$/;
const UPPER = /[A-Z]/;
const LOWER = /[a-z]/;

const decodeEscape = (sequence: string) =>
  String.fromCharCode(Number.parseInt(sequence.slice(1), 16));

interface Piece {
  start: number;
  end: number;
  /** The piece with its percent-escapes decoded. */
  text: string;
}

const hasBothCases = (text: string) => UPPER.test(text) && LOWER.test(text);

function isSecretAlone(text: string): boolean {
  if (text.startsWith(TOKEN_PREFIX) && text.length >= MIN_PREFIXED_LENGTH) return true;
  if (text.length >= TOKEN_SECRET_LENGTH) return true;
  return text.length >= MIN_SECRET_PIECE && hasBothCases(text) && !HEX_VALUE.test(text);
}

function isSecretSplitOnce(first: string, second: string): boolean {
  return (
    first.length + second.length >= MIN_SECRET_PIECE &&
    hasBothCases(first + second) &&
    !HEX_VALUE.test(first) &&
    !HEX_VALUE.test(second)
  );
}

/**
 * What of `text` may be the first half of a secret split once: all of it when it is no
 * secret on its own, the secret part of a partial token (`ms_` and fewer than 43 characters),
 * nothing otherwise.
 */
function firstHalfOf(text: string, alone: boolean): string | null {
  if (!alone) return text;
  const secretPart = text.slice(TOKEN_PREFIX.length);
  return text.startsWith(TOKEN_PREFIX) && secretPart.length < TOKEN_SECRET_LENGTH
    ? secretPart
    : null;
}

/**
 * Whether `value` between `from` and `to` may separate the halves of a secret split once:
 * one character, or one percent-escape of a character that is no token character (escapes
 * of token characters are inside pieces).
 */
function isOneSeparator(value: string, from: number, to: number): boolean {
  return to - from === 1 || (to - from === 3 && value[from] === "%");
}

/** The pieces of `value` to mask, in order. */
function* secretPieces(value: string): Generator<Piece> {
  // The previous piece, while it may still be the first half of a split secret.
  let previous: { piece: Piece; half: string; masked: boolean } | null = null;
  for (const match of value.matchAll(PIECE)) {
    const raw = match[0];
    if (match[1] !== undefined) continue; // an escape of another character: a separator
    const start = match.index;
    const text = raw.includes("%") ? raw.replace(/%[0-9A-Fa-f]{2}/g, decodeEscape) : raw;
    const piece = { start, end: start + raw.length, text };
    const alone = isSecretAlone(text);
    let masked = alone;
    if (
      !alone &&
      previous !== null &&
      isOneSeparator(value, previous.piece.end, start) &&
      isSecretSplitOnce(previous.half, text)
    ) {
      if (!previous.masked) yield previous.piece;
      masked = true;
    }
    if (masked) yield piece;
    const half = firstHalfOf(text, alone);
    previous = half === null ? null : { piece, half, masked };
  }
}

function maskFor(piece: Piece): string {
  return piece.text.startsWith(TOKEN_PREFIX) ? `${TOKEN_PREFIX}[REDACTED]` : "[REDACTED]";
}

export function redactTokens(value: string): string {
  if (value.length < MIN_PREFIXED_LENGTH) return value;
  let redacted = "";
  let copied = 0;
  for (const piece of secretPieces(value)) {
    redacted += value.slice(copied, piece.start) + maskFor(piece);
    copied = piece.end;
  }
  return copied === 0 ? value : redacted + value.slice(copied);
}

export function containsTokenShapedValue(value: string): boolean {
  if (value.length < MIN_PREFIXED_LENGTH) return false;
  return !secretPieces(value).next().done;
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

/** At most `max` UTF-16 units, never ending in half of a surrogate pair (no valid text does). */
function clip(value: string, max: number): string {
  if (value.length <= max) return value;
  const end = isHighSurrogate(value.charCodeAt(max - 2)) ? max - 2 : max - 1;
  return `${value.slice(0, end)}…`;
}

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;

/**
 * The form in which client-supplied text is stored: token-shaped values masked, control
 * characters escaped, lone surrogates replaced (U+FFFD), then clipped to `max` characters.
 * Redaction runs before clipping, so a token cut in half by the limit cannot slip through as
 * a shorter, unrecognized run; clipping never cuts a surrogate pair in half.
 */
export function storableText(value: string, max: number): string {
  return clip(toWellFormedText(escapeControlCharacters(redactTokens(value))), max);
}
