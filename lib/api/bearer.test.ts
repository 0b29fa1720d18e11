import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseAuthorizationHeader } from "@/lib/api/bearer";
import { generateApiToken } from "@/lib/auth/token";

const { token } = generateApiToken();

describe("parseAuthorizationHeader", () => {
  it.each([
    [`Bearer ${token}`],
    [`bearer ${token}`],
    [`BEARER ${token}`],
    [`  Bearer ${token}  `],
    [`Bearer \t ${token}`],
    [`\tBearer ${token}\n`],
  ])("accepts %j", (header) => {
    expect(parseAuthorizationHeader(header)).toEqual({ ok: true, token });
  });

  it.each([
    ["absent", null],
    ["empty", ""],
    ["scheme only", "Bearer"],
    ["scheme and spaces", "Bearer   "],
    ["another scheme", `Basic ${token}`],
    ["token scheme", `Token ${token}`],
    ["no scheme", token],
    ["no separator", `Bearer${token}`],
    ["two tokens", `Bearer ${token} ${token}`],
    ["wrong prefix", `Bearer sk_${token.slice(3)}`],
    ["upper-case prefix", `Bearer MS_${token.slice(3)}`],
    ["too short", `Bearer ${token.slice(0, -1)}`],
    ["too long", `Bearer ${token}A`],
    ["bad alphabet", `Bearer ${token.slice(0, -1)}=`],
    ["base64 plus", `Bearer ${token.slice(0, -1)}+`],
    ["non-ASCII", `Bearer ${token.slice(0, -1)}é`],
    ["huge", `Bearer ${"a".repeat(100_000)}`],
  ])("rejects %s", (_label, header) => {
    expect(parseAuthorizationHeader(header)).toEqual({ ok: false });
  });

  it("accepts exactly the well-formed tokens, whatever else the header holds", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (header) => {
        const parsed = parseAuthorizationHeader(header);
        if (parsed.ok) {
          expect(parsed.token).toMatch(/^ms_[A-Za-z0-9_-]{43}$/);
          expect(header.trim().toLowerCase().startsWith("bearer")).toBe(true);
        }
      }),
      { numRuns: 5_000 },
    );
  });

  it("accepts any token of the documented alphabet", () => {
    const tokenChars = fc.constantFrom(
      ..."ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".split(""),
    );
    fc.assert(
      fc.property(fc.string({ unit: tokenChars, minLength: 43, maxLength: 43 }), (body) => {
        expect(parseAuthorizationHeader(`Bearer ms_${body}`)).toEqual({
          ok: true,
          token: `ms_${body}`,
        });
      }),
      { numRuns: 1_000 },
    );
  });
});
