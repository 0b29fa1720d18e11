import { describe, expect, it } from "vitest";
import { parseRequestLogFilters } from "@/lib/validations/logs";
import { accessLogsHrefForToken } from "./token-activity-links";
import {
  deniedRequestsHref,
  describeDenied,
  describeExpiry,
  describeUnused,
} from "./token-insights";

const TOKEN_ID = "01a20365-7319-7298-80c1-b3a18a89bea8";

function filtersOf(href: string) {
  const url = new URL(href, "http://localhost");
  expect(url.pathname).toBe("/settings/api-tokens/access-logs");
  return parseRequestLogFilters(url.searchParams);
}

describe("links into Access Logs", () => {
  it("opens a token's denied requests of the last 24 hours", () => {
    expect(filtersOf(deniedRequestsHref(TOKEN_ID))).toEqual({
      filters: { tokenId: TOKEN_ID, statusCodes: [401, 403], range: "24h", limit: 50 },
      notices: [],
      issues: [],
    });
  });

  it("opens all of a token's requests", () => {
    expect(filtersOf(accessLogsHrefForToken(TOKEN_ID)).filters).toEqual({
      tokenId: TOKEN_ID,
      limit: 50,
    });
  });
});

describe("insight wording", () => {
  const now = new Date("2026-11-22T12:00:00Z");
  const base = {
    tokenId: TOKEN_ID,
    expiresAt: null,
    expiresInDays: null,
    deniedLast24h: 0,
    lastDeniedReason: null,
  };

  it("explains why a token looks unused", () => {
    expect(
      describeUnused(
        { ...base, unused: { reason: "idle", lastUsedAt: new Date("2026-10-01T12:00:00Z") } },
        now,
      ),
    ).toBe("Not used for 52 days (30+). Consider revoking it.");
    expect(
      describeUnused(
        { ...base, unused: { reason: "never_used", createdAt: new Date("2026-11-10T12:00:00Z") } },
        now,
      ),
    ).toBe("Never used in the 12 days since it was created. Consider revoking it.");
    expect(describeUnused({ ...base, unused: null }, now)).toBeNull();
  });

  it("counts denied requests and says why the latest was refused, in words", () => {
    expect(describeDenied({ ...base, unused: null })).toBeNull();
    expect(
      describeDenied({
        ...base,
        unused: null,
        deniedLast24h: 3,
        lastDeniedReason: "token_revoked",
      }),
    ).toBe("3 denied requests in the last 24 hours (latest: Token revoked)");
    // Rows written before reasons were recorded, or a reason this version does not know.
    expect(
      describeDenied({ ...base, unused: null, deniedLast24h: 1, lastDeniedReason: null }),
    ).toBe("1 denied request in the last 24 hours");
  });

  it("says when a token expires", () => {
    expect(describeExpiry({ ...base, unused: null, expiresInDays: 3 })).toBe("Expires in 3 days");
    expect(describeExpiry({ ...base, unused: null, expiresInDays: 1 })).toBe(
      "Expires within a day",
    );
  });
});
