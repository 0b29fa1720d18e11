import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isStorableInstant } from "@/lib/validations/bounds";
import { createDomainSchema, normalizeDomainName } from "@/lib/validations/domain";
import { decodeCursor, encodeCursor, pageQuerySchema } from "@/lib/validations/pagination";
import { hostileListCursor } from "@/lib/validations/test-arbitraries";

describe("normalizeDomainName", () => {
  it.each([
    ["example.com", "example.com"],
    ["  Example.COM  ", "example.com"],
    ["example.com.", "example.com"],
    ["mail.sub.example.co.uk", "mail.sub.example.co.uk"],
    ["xn--bcher-kva.de", "xn--bcher-kva.de"],
    ["Bücher.de", "xn--bcher-kva.de"],
    ["münchen.рф", "xn--mnchen-3ya.xn--p1ai"],
    ["a-b.io", "a-b.io"],
    ["1password.com", "1password.com"],
    [`${"a".repeat(63)}.com`, `${"a".repeat(63)}.com`],
    [`${"abcdefghi.".repeat(25)}com`, `${"abcdefghi.".repeat(25)}com`],
  ])("accepts %j as %j", (input, expected) => {
    expect(normalizeDomainName(input)).toEqual({ ok: true, name: expected });
  });

  it.each([
    ["empty", ""],
    ["blank", "   "],
    ["a URL", "https://example.com"],
    ["a path", "example.com/login"],
    ["a port", "example.com:25"],
    ["an e-mail address", "postmaster@example.com"],
    ["inner whitespace", "exa mple.com"],
    ["a single label", "localhost"],
    ["an empty label", "example..com"],
    ["a leading dot", ".example.com"],
    ["two trailing dots", "example.com.."],
    ["a leading hyphen", "-example.com"],
    ["a trailing hyphen", "example-.com"],
    ["an underscore", "_dmarc.example.com"],
    ["a numeric TLD", "example.123"],
    ["an IPv4 address", "192.0.2.1"],
    ["a 64-character label", `${"a".repeat(64)}.com`],
    ["254 characters", `${"abcdefghi.".repeat(25)}comx`],
    ["a megabyte", "a".repeat(1_000_000)],
    ["HTML", "<script>alert(1)</script>.com"],
  ])("rejects %s", (_label, input) => {
    const result = normalizeDomainName(input);
    expect(result.ok).toBe(false);
  });

  it("every accepted name is lower-case LDH of at most 253 characters, and stable", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 80 }), fc.domain()), (input) => {
        const result = normalizeDomainName(input);
        if (!result.ok) return;
        expect(result.name).toMatch(/^[a-z0-9.-]+$/);
        expect(result.name.length).toBeLessThanOrEqual(253);
        expect(normalizeDomainName(result.name)).toEqual(result);
      }),
      { numRuns: 3_000 },
    );
  });

  it("the schema refuses unknown fields and non-objects", () => {
    expect(createDomainSchema.safeParse({ name: "example.com", extra: 1 }).success).toBe(false);
    expect(createDomainSchema.safeParse("example.com").success).toBe(false);
    expect(createDomainSchema.parse({ name: "Example.com" })).toEqual({ name: "example.com" });
  });
});

describe("pagination", () => {
  it("round-trips a cursor and rejects tampered ones", () => {
    const position = {
      createdAt: new Date("2026-11-22T10:00:00.123Z"),
      id: "01937a2c-6b1e-7c44-9e0b-3f5d2a8c9e10",
    };
    expect(decodeCursor(encodeCursor(position))).toEqual(position);
    expect(decodeCursor("not a cursor")).toBeNull();
    expect(
      decodeCursor(
        Buffer.from("yesterday.01937a2c-6b1e-7c44-9e0b-3f5d2a8c9e10").toString("base64url"),
      ),
    ).toBeNull();
    expect(decodeCursor(Buffer.from("1700000000000.not-a-uuid").toString("base64url"))).toBeNull();
    expect(decodeCursor(Buffer.from('{"a":1}').toString("base64url"))).toBeNull();
  });

  it("decodes only instants and ids the database accepts, whatever the input (property)", () => {
    fc.assert(
      fc.property(hostileListCursor, (cursor) => {
        const position = decodeCursor(cursor);
        if (!position) return;
        expect(isStorableInstant(position.createdAt)).toBe(true);
        expect(position.id).toMatch(
          /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
        );
      }),
      { numRuns: 3_000 },
    );
  });

  it("limits pages to 1–100 with a default of 25", () => {
    expect(pageQuerySchema.parse({})).toEqual({ limit: 25 });
    expect(pageQuerySchema.parse({ limit: "100" }).limit).toBe(100);
    for (const limit of ["0", "101", "-1", "1.5", "ten", ""]) {
      expect(pageQuerySchema.safeParse({ limit }).success).toBe(false);
    }
  });
});
