import { describe, expect, it } from "vitest";
import { escapeControlCharacters, redactTokens, storableText } from "@/lib/api/redaction";
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

describe("escapeControlCharacters", () => {
  it("makes line breaks, terminal escapes and bidirectional overrides visible", () => {
    expect(escapeControlCharacters("a\r\nb\tc\u001b[2J\u007f\u0085\u2028\u202e")).toBe(
      "a\\r\\nb\\tc\\u001b[2J\\u007f\\u0085\\u2028\\u202e",
    );
    expect(escapeControlCharacters("plain ünïcödé text")).toBe("plain ünïcödé text");
  });
});

describe("storableText", () => {
  it("redacts before clipping, so a clipped token is not left half visible", () => {
    const stored = storableText(`${"a/".repeat(10)}${token}`, 30);
    expect(stored.length).toBeLessThanOrEqual(30);
    expect(stored).not.toMatch(/ms_[A-Za-z0-9_-]{4,}$/);
    expect(stored.startsWith("a/a/")).toBe(true);
  });
});
