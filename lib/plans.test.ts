import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { describeApiRateLimits, PLAN_DETAILS, PLANS } from "@/lib/plans";

describe("the per-plan API limits", () => {
  it("exist exactly for the plans with API access", () => {
    for (const plan of PLANS) {
      const { apiAccess, apiRequestsPerMinute } = PLAN_DETAILS[plan];
      expect(apiRequestsPerMinute !== null, plan).toBe(apiAccess);
    }
  });

  it("read the same in words everywhere they are quoted", () => {
    expect(describeApiRateLimits()).toBe("Pro 600, Business 3,000, Enterprise 10,000");
    const apiDocs = readFileSync(path.join(import.meta.dirname, "..", "docs", "api.md"), "utf8");
    expect(apiDocs.replace(/\s+/g, " ")).toContain(
      `**Per token, by plan**: ${describeApiRateLimits()} requests per minute`,
    );
  });
});
