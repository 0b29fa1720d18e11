import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isStorableInstant, MAX_BIGINT } from "./bounds";
import {
  DEFAULT_LOG_PAGE_SIZE,
  decodeLogCursor,
  encodeLogCursor,
  parseIpFilter,
  parseRequestLogFilters,
  requestLogFiltersToSearchParams,
  resolveTimeBounds,
} from "./logs";
import { base64url, hostileLogCursor } from "./test-arbitraries";

const TOKEN_ID = "01a20365-7319-7298-80c1-b3a18a89bea8";

describe("parseRequestLogFilters", () => {
  it("returns the default page size and no notices for an empty query", () => {
    expect(parseRequestLogFilters({})).toEqual({
      filters: { limit: DEFAULT_LOG_PAGE_SIZE },
      notices: [],
      issues: [],
    });
  });

  it("parses every filter from URL search parameters", () => {
    const { filters, notices } = parseRequestLogFilters(
      new URLSearchParams({
        token: TOKEN_ID.toUpperCase(),
        status: "4xx",
        code: "403, 401,403",
        method: "delete",
        ip: "203.0.113.0/24",
        path: " /domains ",
        range: "7d",
        limit: "100",
      }),
    );
    expect(notices).toEqual([]);
    expect(filters).toEqual({
      tokenId: TOKEN_ID,
      statusClass: "4xx",
      statusCodes: [401, 403],
      method: "DELETE",
      ip: { cidr: "203.0.113.0/24", input: "203.0.113.0/24" },
      pathContains: "/domains",
      range: "7d",
      limit: 100,
    });
  });

  it("treats status=403 as an exact code", () => {
    const { filters } = parseRequestLogFilters({ status: "403" });
    expect(filters.statusCodes).toEqual([403]);
    expect(filters.statusClass).toBeUndefined();
  });

  it("drops each invalid parameter with a notice and keeps the valid ones", () => {
    const { filters, notices } = parseRequestLogFilters({
      token: "not-a-uuid",
      status: "6xx",
      code: "99",
      method: "BREW",
      ip: "300.1.2.3",
      range: "2y",
      cursor: "%%%",
      limit: "100000",
      path: "/api/v1/domains",
    });
    expect(filters).toEqual({ limit: DEFAULT_LOG_PAGE_SIZE, pathContains: "/api/v1/domains" });
    expect(notices).toHaveLength(8);
    expect(notices.join("\n")).toMatch(/token/);
    expect(notices.join("\n")).toMatch(/IP/);
  });

  it("accepts a request id as the API records it, exactly, and refuses anything else", () => {
    expect(parseRequestLogFilters({ request_id: " req-7f3a:client.v2_1 " }).filters.requestId).toBe(
      "req-7f3a:client.v2_1",
    );
    for (const value of ["a b", "x".repeat(129), "id'; --", "caf\u00e9", "%00"]) {
      const { filters, issues } = parseRequestLogFilters({ request_id: value });
      expect(filters.requestId).toBeUndefined();
      expect(issues.map((issue) => issue.path)).toEqual(["request_id"]);
    }
  });

  it("rejects control characters in the path filter (NUL would break the query)", () => {
    const { filters, notices } = parseRequestLogFilters({ path: "/api\u0000x" });
    expect(filters.pathContains).toBeUndefined();
    expect(notices).toEqual([
      "Ignored path filter: Path filter cannot contain control characters.",
    ]);
  });

  it("ignores codes outside the selected status class", () => {
    const { filters, notices } = parseRequestLogFilters({ status: "2xx", code: "200,404" });
    expect(filters.statusClass).toBe("2xx");
    expect(filters.statusCodes).toEqual([200]);
    expect(notices).toEqual(["Ignored status codes outside 2xx: 404."]);
  });

  it("uses the first value of a repeated parameter", () => {
    const { filters } = parseRequestLogFilters({ method: ["POST", "GET"] });
    expect(filters.method).toBe("POST");
  });

  it("accepts from/to as ISO datetimes or dates and rejects an inverted range", () => {
    const ok = parseRequestLogFilters({ from: "2026-11-01", to: "2026-11-02T10:00:00+02:00" });
    expect(ok.filters.from?.toISOString()).toBe("2026-11-01T00:00:00.000Z");
    expect(ok.filters.to?.toISOString()).toBe("2026-11-02T08:00:00.000Z");

    const inverted = parseRequestLogFilters({ from: "2026-11-03", to: "2026-11-02" });
    expect(inverted.filters.from).toBeUndefined();
    expect(inverted.filters.to).toBeUndefined();
    expect(inverted.notices).toHaveLength(1);

    const bad = parseRequestLogFilters({ from: "yesterday" });
    expect(bad.filters.from).toBeUndefined();
    expect(bad.notices).toHaveLength(1);
  });

  it.each([
    ["year 0", "0000-01-01"],
    ["a date before 1970", "1969-12-31T23:59:59Z"],
    ["an offset that moves 9999-12-31 into year 10000", "9999-12-31T23:00:00-05:00"],
  ])("refuses %s in from/to (the database cannot take it)", (_label, value) => {
    for (const name of ["from", "to"] as const) {
      const { filters, notices, issues } = parseRequestLogFilters({ [name]: value });
      expect(filters[name]).toBeUndefined();
      expect(notices).toHaveLength(1);
      expect(issues).toEqual([{ path: name, message: "Dates must be between 1970 and 9999." }]);
    }
  });

  it("reports each ignored parameter as an issue for routes that refuse instead", () => {
    expect(parseRequestLogFilters({ method: "BREW", status: "2xx", code: "404" }).issues).toEqual([
      {
        path: "method",
        message: "Method must be one of GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS.",
      },
      { path: "code", message: "Cannot combine status codes outside 2xx: 404." },
    ]);
  });

  it("prefers a preset range over explicit dates and says so", () => {
    const { filters, notices } = parseRequestLogFilters({ range: "24h", from: "2026-11-01" });
    expect(filters.range).toBe("24h");
    expect(filters.from).toBeUndefined();
    expect(notices).toHaveLength(1);
  });
});

describe("parseIpFilter", () => {
  it.each([
    ["203.0.113.7", "203.0.113.7/32"],
    ["203.0.113.7/24", "203.0.113.0/24"],
    ["2001:DB8::1", "2001:db8::1/128"],
    ["2001:db8:abcd::/32", "2001:db8::/32"],
    ["::ffff:203.0.113.7", "203.0.113.7/32"],
    ["::ffff:203.0.113.0/120", "203.0.113.0/24"],
    ["0.0.0.0/0", "0.0.0.0/0"],
    // The IPv4-compatible ::a.b.c.d is IPv6, as the request log stores it.
    ["::127.0.0.1", "::7f00:1/128"],
    ["::0.0.0.0/96", "::/96"],
  ])("normalizes %s to %s", (input, cidr) => {
    expect(parseIpFilter(input)?.cidr).toBe(cidr);
  });

  it.each([
    "",
    "unknown",
    "256.1.1.1",
    "10.1",
    "0x7f.0.0.1",
    "203.0.113.7/33",
    "2001:db8::/129",
    "1.2.3.4/24/1",
    "fe80::1%eth0",
  ])("rejects %j", (input) => {
    expect(parseIpFilter(input)).toBeNull();
  });
});

describe("log cursors", () => {
  it("round-trips (createdAt, id) through an opaque URL-safe string", () => {
    const cursor = { createdAt: new Date("2026-11-22T13:14:49.913Z"), id: 9007199254740993n };
    const encoded = encodeLogCursor(cursor);
    expect(encoded).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeLogCursor(encoded)).toEqual(cursor);
  });

  it.each(["", "abc", "MTIzNA", "bm90LWEtY3Vyc29y", "a".repeat(100)])("rejects %j", (value) => {
    expect(decodeLogCursor(value)).toBeNull();
  });

  it.each([
    ["an instant in year 33658", "999999999999999.1"],
    ["an instant in year 10000", "253402300800000.1"],
    ["an id beyond bigint", "1700000000000.9223372036854775808"],
  ])("rejects a cursor with %s", (_label, text) => {
    expect(decodeLogCursor(base64url(text))).toBeNull();
  });

  it("decodes only positions the database accepts, whatever the input (property)", () => {
    fc.assert(
      fc.property(hostileLogCursor, (value) => {
        const cursor = decodeLogCursor(value);
        if (!cursor) return;
        expect(isStorableInstant(cursor.createdAt)).toBe(true);
        expect(cursor.id).toBeLessThanOrEqual(MAX_BIGINT);
        expect(decodeLogCursor(encodeLogCursor(cursor))).toEqual(cursor);
      }),
      { numRuns: 3_000 },
    );
  });
});

describe("requestLogFiltersToSearchParams", () => {
  it("produces parameters that parse back to the same filters", () => {
    const original = parseRequestLogFilters({
      token: TOKEN_ID,
      status: "5xx",
      code: "503",
      method: "GET",
      ip: "2001:db8::/32",
      path: "a&b=c",
      request_id: "req-1",
      from: "2026-11-01T00:00:00.000Z",
      to: "2026-11-02T00:00:00.000Z",
    }).filters;
    const params = requestLogFiltersToSearchParams(original);
    expect(parseRequestLogFilters(params)).toEqual({ filters: original, notices: [], issues: [] });
  });

  it("adds the cursor only when asked to", () => {
    expect(requestLogFiltersToSearchParams({ method: "GET" }).toString()).toBe("method=GET");
    expect(requestLogFiltersToSearchParams({ method: "GET" }, { cursor: "abc" }).toString()).toBe(
      "method=GET&cursor=abc",
    );
  });
});

describe("resolveTimeBounds", () => {
  it("turns a preset into a lower bound relative to now", () => {
    const now = new Date("2026-11-22T12:00:00Z");
    expect(resolveTimeBounds({ range: "1h" }, now)).toEqual({
      from: new Date("2026-11-22T11:00:00Z"),
    });
  });
});
