import { describe, expect, it } from "vitest";
import {
  exceedsLifetimePolicy,
  latestAllowedExpirationDate,
  lifetimePolicyViolation,
} from "@/lib/auth/token-lifetime-policy";

// 23:59 UTC: the policy counts whole UTC days from today, whatever the hour.
const NOW = new Date("2026-11-29T23:59:00.000Z");

describe("token lifetime policy", () => {
  it("allows dates up to today (UTC) + the lifetime, never beyond", () => {
    expect(latestAllowedExpirationDate(30, NOW)).toBe("2026-12-29");
    expect(lifetimePolicyViolation("2026-12-29", 30, NOW)).toBeNull();
    expect(lifetimePolicyViolation("2026-12-30", 30, NOW)).toBe(
      "Your organization's token policy allows tokens to last at most 30 days: choose 2026-12-29 or earlier.",
    );
  });

  it("refuses a token that never expires, and allows anything without a policy", () => {
    expect(lifetimePolicyViolation(null, 365, NOW)).toBe(
      "Your organization's token policy allows tokens to last at most 365 days: choose an expiration date on or before 2027-11-29.",
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
});
