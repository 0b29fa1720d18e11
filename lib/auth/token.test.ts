import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { generateApiToken, hashApiToken, isWellFormedApiToken } from "./token";
import { TOKEN_PREFIX } from "./token-format";

describe("generateApiToken", () => {
  it("produces ms_ followed by exactly 43 base64url characters", () => {
    for (let i = 0; i < 200; i++) {
      const { token } = generateApiToken();
      expect(token.startsWith(TOKEN_PREFIX)).toBe(true);
      expect(token).toHaveLength(TOKEN_PREFIX.length + 43);
      expect(token).toMatch(/^ms_[A-Za-z0-9_-]{43}$/);
      expect(isWellFormedApiToken(token)).toBe(true);
    }
  });

  it("encodes 32 random bytes", () => {
    const { token } = generateApiToken();
    expect(Buffer.from(token.slice(TOKEN_PREFIX.length), "base64url")).toHaveLength(32);
  });

  it("returns the SHA-256 hex of the token and its last four characters", () => {
    const { token, tokenHash, lastFour } = generateApiToken();
    expect(tokenHash).toBe(createHash("sha256").update(token).digest("hex"));
    expect(tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(lastFour).toBe(token.slice(-4));
    expect(lastFour).toHaveLength(4);
  });

  it("never repeats a token", () => {
    const tokens = new Set(Array.from({ length: 1000 }, () => generateApiToken().token));
    expect(tokens.size).toBe(1000);
  });
});

describe("hashApiToken", () => {
  it("matches a known SHA-256 vector", () => {
    expect(hashApiToken("abc")).toBe(
      "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
    );
  });

  it("is deterministic and distinguishes tokens differing in one character", () => {
    const token = `ms_${"A".repeat(43)}`;
    expect(hashApiToken(token)).toBe(hashApiToken(token));
    expect(hashApiToken(token)).not.toBe(hashApiToken(`ms_${"A".repeat(42)}B`));
  });
});

describe("isWellFormedApiToken", () => {
  const body = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJ0123-_x"; // 43 characters

  it("accepts the documented format", () => {
    expect(body).toHaveLength(43);
    expect(isWellFormedApiToken(`ms_${body}`)).toBe(true);
  });

  it.each([
    ["empty", ""],
    ["prefix only", "ms_"],
    ["wrong prefix", `mt_${body}`],
    ["upper-case prefix", `MS_${body}`],
    ["missing prefix", body],
    ["one character short", `ms_${body.slice(1)}`],
    ["one character long", `ms_${body}A`],
    ["standard base64 plus", `ms_${body.slice(1)}+`],
    ["standard base64 slash", `ms_${body.slice(1)}/`],
    ["padding", `ms_${body.slice(1)}=`],
    ["trailing newline", `ms_${body}\n`],
    ["leading space", ` ms_${body}`],
    ["non-ASCII", `ms_${body.slice(1)}é`],
  ])("rejects %s", (_label, value) => {
    expect(isWellFormedApiToken(value)).toBe(false);
  });
});
