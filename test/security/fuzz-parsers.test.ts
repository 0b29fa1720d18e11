import fc from "fast-check";
import ipaddr from "ipaddr.js";
import { describe, expect, it } from "vitest";
import { parseAuthorizationHeader } from "@/lib/api/bearer";
import { parseIpAllowlist } from "@/lib/auth/ip-allowlist";
import { isWellFormedApiToken } from "@/lib/auth/token";
import { hostileHeader, wellFormedToken } from "@/test/security/fuzz-inputs";

// Property-based fuzzing of the parsers behind the API's input: the Authorization header,
// the token format and the allowlist syntax (the handlers themselves: fuzz.test.ts).

const PARSER_RUNS = 5_000;

describe("fuzz: parsers", () => {
  it("parseAuthorizationHeader never throws and accepts only `Bearer <well-formed token>`", () => {
    fc.assert(
      fc.property(hostileHeader, (header) => {
        const parsed = parseAuthorizationHeader(header);
        if (parsed.ok) {
          expect(isWellFormedApiToken(parsed.token)).toBe(true);
          expect(header.trim()).toMatch(/^bearer[ \t]+ms_[A-Za-z0-9_-]{43}$/i);
        } else {
          // A rejected header never reveals or keeps anything of the value.
          expect(Object.keys(parsed)).toEqual(["ok"]);
        }
      }),
      { numRuns: PARSER_RUNS },
    );
  });

  it("isWellFormedApiToken agrees with the documented format for any string", () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string(), wellFormedToken, fc.string({ unit: "binary" })),
        (value) => {
          expect(isWellFormedApiToken(value)).toBe(/^ms_[A-Za-z0-9_-]{43}$/.test(value));
        },
      ),
      { numRuns: PARSER_RUNS },
    );
  });

  const ipLike = fc.oneof(
    fc.ipV4(),
    fc.ipV6(),
    fc.tuple(fc.ipV4(), fc.integer({ min: -5, max: 40 })).map(([ip, bits]) => `${ip}/${bits}`),
    fc.tuple(fc.ipV6(), fc.integer({ min: -5, max: 140 })).map(([ip, bits]) => `${ip}/${bits}`),
    fc.string({ maxLength: 40 }),
  );

  it("parseIpAllowlist never throws; entries are valid CIDRs, errors are messages", () => {
    fc.assert(
      fc.property(
        fc.array(ipLike, { maxLength: 12 }),
        fc.constantFrom("\n", ",", ", ", " ", "\r\n"),
        (entries, separator) => {
          const result = parseIpAllowlist(entries.join(separator));
          if ("entries" in result) {
            for (const entry of result.entries) expect(() => ipaddr.parseCIDR(entry)).not.toThrow();
          } else {
            expect(result.errors.length).toBeGreaterThan(0);
            for (const error of result.errors) expect(typeof error).toBe("string");
          }
        },
      ),
      { numRuns: PARSER_RUNS / 5 },
    );
  });
});
