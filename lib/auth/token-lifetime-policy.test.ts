import { describe, expect, it } from "vitest";
import {
  defaultSuccessorExpiresOn,
  exceedsLifetimePolicy,
  latestAllowedExpirationDate,
  lifetimePolicyViolation,
  successorExpiry,
} from "@/lib/auth/token-lifetime-policy";

// 23:59 UTC: the policy counts whole UTC days from today, whatever the hour.
const NOW = new Date("2026-11-29T23:59:00.000Z");

describe("token lifetime policy", () => {
  it("allows dates up to today (UTC) + the lifetime, never beyond", () => {
    expect(latestAllowedExpirationDate(30, NOW)).toBe("2026-12-29");
    expect(lifetimePolicyViolation("2026-12-29", 30, NOW)).toBeNull();
    expect(lifetimePolicyViolation("2026-12-30", 30, NOW)).toBe(
      "Your organization's token policy allows tokens to last at most 30 days: choose Dec 29, 2026 or earlier.",
    );
  });

  it("refuses a token that never expires, and allows anything without a policy", () => {
    expect(lifetimePolicyViolation(null, 365, NOW)).toBe(
      "Your organization's token policy allows tokens to last at most 365 days: choose an expiration date on or before Nov 29, 2027.",
    );
    expect(lifetimePolicyViolation(null, null, NOW)).toBeNull();
    expect(lifetimePolicyViolation("9999-12-31", null, NOW)).toBeNull();
  });

  it("flags stored tokens lasting longer than a new one may", () => {
    expect(exceedsLifetimePolicy(null, 90, NOW)).toBe(true);
    expect(exceedsLifetimePolicy(new Date("2027-02-27T00:00:00Z"), 90, NOW)).toBe(false);
    expect(exceedsLifetimePolicy(new Date("2027-02-28T00:00:00Z"), 90, NOW)).toBe(true);
    expect(exceedsLifetimePolicy(null, null, NOW)).toBe(false);
  });

  it("clamps a rotation's successor to the latest allowed date, and keeps an expiry within it", () => {
    const latest = new Date("2026-12-29T00:00:00.000Z");
    expect(successorExpiry(null, 30, NOW)).toEqual({
      expiresAt: latest,
      limitedByPolicy: {
        maxLifetimeDays: 30,
        predecessorExpiresAt: null,
        message:
          "Your organization's token policy allows tokens to last at most 30 days, so the new token expires on 2026-12-29 (00:00 UTC) instead of never.",
      },
    });
    const later = new Date("2026-12-30T00:00:00.000Z");
    expect(successorExpiry(later, 30, NOW).limitedByPolicy?.message).toMatch(
      /expires on 2026-12-29 \(00:00 UTC\) instead of 2026-12-30\.$/,
    );
    expect(successorExpiry(latest, 30, NOW)).toEqual({ expiresAt: latest, limitedByPolicy: null });
    expect(successorExpiry(null, null, NOW)).toEqual({ expiresAt: null, limitedByPolicy: null });
  });
});

describe("defaultSuccessorExpiresOn", () => {
  const now = new Date("2027-03-10T15:00:00.000Z");
  const createdAt = new Date("2027-01-01T09:30:00.000Z");

  it("proposes the old token's lifetime counted from today", () => {
    // Created Jan 1, expiring Apr 1: 90 days, so the successor lasts until Jun 8.
    const expiresAt = new Date("2027-04-01T00:00:00.000Z");
    expect(defaultSuccessorExpiresOn({ createdAt, expiresAt }, null, now)).toBe("2027-06-08");
  });

  it("keeps to the policy's latest allowed date", () => {
    const expiresAt = new Date("2027-04-01T00:00:00.000Z");
    expect(defaultSuccessorExpiresOn({ createdAt, expiresAt }, 30, now)).toBe("2027-04-09");
    expect(defaultSuccessorExpiresOn({ createdAt, expiresAt }, 365, now)).toBe("2027-06-08");
  });

  it("proposes never for a token that never expired, or the policy's maximum", () => {
    expect(defaultSuccessorExpiresOn({ createdAt, expiresAt: null }, null, now)).toBeNull();
    expect(defaultSuccessorExpiresOn({ createdAt, expiresAt: null }, 90, now)).toBe("2027-06-08");
  });

  it("proposes at least one day", () => {
    const expiresAt = new Date("2027-01-01T10:00:00.000Z");
    expect(defaultSuccessorExpiresOn({ createdAt, expiresAt }, null, now)).toBe("2027-03-11");
  });
});
