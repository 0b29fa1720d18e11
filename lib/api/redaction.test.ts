import { describe, expect, it } from "vitest";
import {
  containsTokenShapedValue,
  escapeControlCharacters,
  redactTokens,
  storableText,
} from "@/lib/api/redaction";
import { generateApiToken } from "@/lib/auth/token";

const { token } = generateApiToken();
const secret = token.slice(3);
const encodedChar = (char: string) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`;

describe("redactTokens", () => {
  it.each([
    ["as is", `key=${token}`, "key=ms_[REDACTED]"],
    ["without its prefix", `key=${secret}`, "key=[REDACTED]"],
    ["with an upper-case prefix", `MS_${secret}`, "[REDACTED]"],
    ["glued to other text", `bot/${"x"}${token}y 1.0`, "bot/[REDACTED] 1.0"],
    ["with its prefix percent-encoded", `/api/v1/ms%5F${secret}`, "/api/v1/ms_[REDACTED]"],
    ["partly, prefix and all", `x=ms_${secret.slice(0, 12)}`, "x=ms_[REDACTED]"],
    [
      "with characters percent-encoded",
      `?k=${secret.slice(0, 10)}${encodedChar(secret[10]!)}${secret.slice(11)}`,
      "?k=[REDACTED]",
    ],
    ["as a Content-Type", token, "ms_[REDACTED]"],
    ["twice", `${token},${token}`, "ms_[REDACTED],ms_[REDACTED]"],
  ])("masks a token %s", (_label, input, expected) => {
    expect(redactTokens(input)).toBe(expected);
    expect(redactTokens(input)).not.toContain(secret.slice(0, 16));
  });

  it.each([
    "/api/v1/domains/0193a2c4-6b1e-7c44-9e0b-3f5d2a8c9e10",
    "query limit=25",
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0",
    "created 0193a2c4-6b1e-7c44-9e0b-3f5d2a8c9e10",
    "deleted mail.example.com",
  ])("keeps ordinary text: %s", (value) => {
    expect(redactTokens(value)).toBe(value);
  });
});

// Pieces of a secret are secrets: what gives one away is a long run of the token alphabet
// with letters of both cases, possibly split once, whatever its exact length. A fixed secret
// keeps the 32-character cases deterministic (a random one is single-case there about once
// in ten million); the longer pieces are checked on fresh tokens too.
const FIXED_SECRET = "Qx7_bN2kLm-9TzR4wYv8Hc1JdPs6GfUe3AiKo5XnZqB";
const SEPARATORS = [".", "-", ":", "/", "~", " ", "+", "|", "%2E", "%20"];

/** `value` is masked, and no 12 characters in a row of any of `pieces` are left in it. */
function expectMasked(value: string, ...pieces: string[]) {
  const stored = redactTokens(value);
  const left = pieces.flatMap((piece) =>
    Array.from({ length: Math.max(piece.length - 11, 0) }, (_, i) => piece.slice(i, i + 12)),
  );
  if (!stored.includes("[REDACTED]") || left.some((slice) => stored.includes(slice))) {
    expect.fail(`${JSON.stringify(value)} is stored as ${JSON.stringify(stored)}`);
  }
  if (!containsTokenShapedValue(value)) expect.fail(`${JSON.stringify(value)} was not detected`);
}

describe("redactTokens: pieces of a secret", () => {
  it("masks any slice of 32 to 42 characters of the secret, wherever it was cut", () => {
    for (const secretPart of [FIXED_SECRET, generateApiToken().token.slice(3)]) {
      for (let length = 32; length < secretPart.length; length++) {
        for (const start of [0, secretPart.length - length]) {
          const slice = secretPart.slice(start, start + length);
          expectMasked(slice, slice);
          expectMasked(`/api/v1/domains?key=${slice}&limit=5`, slice);
          expectMasked(`curl/8.4 ${slice}`, slice);
        }
      }
    }
  });

  it("masks the secret, or a 40-character slice of it, split once by a dot, a dash or another separator", () => {
    for (const secretPart of [
      FIXED_SECRET,
      ...Array.from({ length: 5 }, () => generateApiToken().token.slice(3)),
    ]) {
      for (const piece of [secretPart, secretPart.slice(0, 40), secretPart.slice(3)]) {
        for (let at = 1; at < piece.length; at++) {
          for (const separator of SEPARATORS) {
            const split = `${piece.slice(0, at)}${separator}${piece.slice(at)}`;
            const halves = [piece.slice(0, at), piece.slice(at)];
            expectMasked(split, ...halves);
            expectMasked(`q=${split}&x=1`, ...halves);
          }
        }
      }
    }
  });

  it("masks a split secret behind its prefix or a Bearer scheme", () => {
    const split = `${FIXED_SECRET.slice(0, 20)}.${FIXED_SECRET.slice(20)}`;
    expect(redactTokens(`ms_${split}`)).not.toContain(FIXED_SECRET.slice(20, 32));
    expect(redactTokens(`Bearer ms_${split}`)).not.toContain(FIXED_SECRET.slice(0, 12));
    expect(redactTokens(`Bearer ms_${split}`)).not.toContain(FIXED_SECRET.slice(20, 32));
  });

  it.each([
    "/api/v1/domains/0193A2C4-6B1E-7C44-9E0B-3F5D2A8C9E10",
    "/api/v1/audit-events/0193a2c4-6b1e-7c44-9e0b-3f5d2a8c9e10",
    "id 0193A2C4-6B1E-7C44-9E0B-3F5D2A8C9E10.json",
    "4bf92f3577b34da6a3ce929d0e0e4736:00f067aa0ba902b7",
    "req_0193a2c46b1e7c449e0b3f5d2a8c9e10",
    "sha 3f5d2a8c9e100193a2c46b1e7c449e0b3f5d2a8c",
    "512 bytes application/x-www-form-urlencoded",
    "512 bytes application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "/api/v1/domains?name=very-long-subdomain-name.example-company.com",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 Edg/120.0.0.0",
    "Apache-HttpClient/4.5.13 (Java/17.0.2)",
    "python-requests/2.31.0",
    "query status=active&sort=created_at&order=desc",
  ])("keeps ordinary text that is no secret: %s", (value) => {
    expect(redactTokens(value)).toBe(value);
    expect(containsTokenShapedValue(value)).toBe(false);
  });
});

describe("escapeControlCharacters", () => {
  it("makes line breaks, terminal escapes and bidirectional overrides visible", () => {
    expect(escapeControlCharacters("a\r\nb\tc\u001b[2J\u007f\u0085\u2028\u202e")).toBe(
      "a\\r\\nb\\tc\\u001b[2J\\u007f\\u0085\\u2028\\u202e",
    );
    expect(escapeControlCharacters("plain ünïcödé text")).toBe("plain ünïcödé text");
  });
});

describe("storableText", () => {
  it("stores valid Unicode: lone surrogates as U+FFFD, and no pair cut in half by the limit", () => {
    expect(storableText("a\ud800b\udc00", 50)).toBe("a\ufffdb\ufffd");
    expect(storableText(`${"x".repeat(8)}\u{1F4E7}yz`, 10)).toBe(`${"x".repeat(8)}…`);
    expect(storableText(`${"x".repeat(7)}\u{1F4E7}yz`, 10)).toBe(`${"x".repeat(7)}\u{1F4E7}…`);
  });

  it("redacts before clipping, so a clipped token is not left half visible", () => {
    const stored = storableText(`${"a/".repeat(10)}${token}`, 30);
    expect(stored.length).toBeLessThanOrEqual(30);
    expect(stored).not.toMatch(/ms_[A-Za-z0-9_-]{4,}$/);
    expect(stored.startsWith("a/a/")).toBe(true);
  });
});
