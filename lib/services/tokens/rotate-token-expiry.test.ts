import { describe, expect, it } from "vitest";
import { addDaysToDateInput } from "@/components/tokens/format";
import type { UserPrincipal } from "@/lib/auth/principal";
import { dateFromExpiryInstant } from "@/lib/auth/token-expiry";
import {
  latestAllowedExpirationDate,
  lifetimePolicyViolation,
} from "@/lib/auth/token-lifetime-policy";
import { db } from "@/lib/db";
import { holdClock } from "@/test/clock";
import { expectAppError } from "@/test/expect-app-error";
import { createTestTenant } from "@/test/factories";
import { createToken, getToken, rotateToken } from "./index";

// The successor's expiry chosen at rotation (the dialog's date field, the API's
// `expiresOn`): judged like a new token's, within the organization's lifetime policy.

const IP = "203.0.113.10";

async function tenantWithToken(options: { policyDays?: 30 | 90 | 365; expiresOn?: string | null }) {
  const { organization, user } = await createTestTenant({ plan: "PRO" });
  const actor: UserPrincipal = { kind: "user", userId: user.id, ip: IP };
  const ctx = { principal: actor, organizationId: organization.id };
  const created = await createToken(ctx, {
    name: `Rotate expiry ${Math.random().toString(36).slice(2, 10)}`,
    expiresOn: options.expiresOn ?? null,
  });
  if (options.policyDays) {
    await db.organization.update({
      where: { id: organization.id },
      data: { maxTokenLifetimeDays: options.policyDays },
    });
  }
  return { ctx, tokenId: created.summary.id };
}

const choice = { gracePeriodSeconds: 3600, expireOnFirstUse: false };

describe("rotateToken with a chosen expiry", () => {
  it("gives the successor the date chosen within the policy, not the old token's", async () => {
    const clock = holdClock();
    const oldDate = addDaysToDateInput(clock.now(), 10);
    const { ctx, tokenId } = await tenantWithToken({ policyDays: 90, expiresOn: oldDate });
    const chosen = addDaysToDateInput(clock.now(), 60);

    const rotated = await rotateToken(ctx, { ...choice, tokenId, expiresOn: chosen });

    expect(dateFromExpiryInstant(rotated.summary.expiresAt as Date)).toBe(chosen);
    expect(rotated.expiryLimitedByPolicy).toBeNull();
    const audit = await db.auditEvent.findFirstOrThrow({
      where: { targetId: tokenId, action: "token.rotated" },
    });
    expect(audit.metadata).toMatchObject({ successorExpiresAt: `${chosen}T00:00:00.000Z` });
  });

  it("accepts the policy's last allowed day, and never without a policy", async () => {
    const clock = holdClock();
    const latest = latestAllowedExpirationDate(30, clock.now());
    const limited = await tenantWithToken({ policyDays: 30 });
    const rotated = await rotateToken(limited.ctx, {
      ...choice,
      tokenId: limited.tokenId,
      expiresOn: latest,
    });
    expect(dateFromExpiryInstant(rotated.summary.expiresAt as Date)).toBe(latest);

    const free = await tenantWithToken({ expiresOn: addDaysToDateInput(clock.now(), 5) });
    const forever = await rotateToken(free.ctx, {
      ...choice,
      tokenId: free.tokenId,
      expiresOn: null,
    });
    expect(forever.summary.expiresAt).toBeNull();
  });

  it("refuses a date beyond the policy, naming the latest allowed, and rotates nothing", async () => {
    const clock = holdClock();
    const { ctx, tokenId } = await tenantWithToken({ policyDays: 30 });
    const beyond = addDaysToDateInput(clock.now(), 31);

    const error = await expectAppError(
      rotateToken(ctx, { ...choice, tokenId, expiresOn: beyond }),
      "validation_error",
    );
    // The policy's one wording, which names the latest date allowed.
    expect(error.message).toBe(lifetimePolicyViolation(beyond, 30, clock.now()));
    expect(error.message).toMatch(/token policy allows tokens to last at most 30 days/);
    expect(error.fieldErrors?.expiresOn?.[0]).toBe(error.message);
    expect((await getToken(ctx, tokenId)).status).toBe("active");
    expect(await db.apiToken.count({ where: { organizationId: ctx.organizationId } })).toBe(1);

    // Never is beyond any policy.
    const never = await expectAppError(
      rotateToken(ctx, { ...choice, tokenId, expiresOn: null }),
      "validation_error",
    );
    expect(never.fieldErrors?.expiresOn?.[0]).toMatch(/choose an expiration date on or before/);
  });

  it("refuses a date that is not after today, or no date at all", async () => {
    const clock = holdClock();
    const { ctx, tokenId } = await tenantWithToken({});
    const today = addDaysToDateInput(clock.now(), 0);
    const past = await expectAppError(
      rotateToken(ctx, { ...choice, tokenId, expiresOn: today }),
      "validation_error",
    );
    expect(past.fieldErrors).toEqual({ expiresOn: ["Choose a date after today (UTC)"] });
    const invalid = await expectAppError(
      rotateToken(ctx, { ...choice, tokenId, expiresOn: "2027-02-30" }),
      "validation_error",
    );
    expect(invalid.fieldErrors).toEqual({ expiresOn: ["Enter a valid date (YYYY-MM-DD)"] });
  });

  it("keeps the old token's expiry when none is chosen", async () => {
    const clock = holdClock();
    const oldDate = addDaysToDateInput(clock.now(), 20);
    const { ctx, tokenId } = await tenantWithToken({ expiresOn: oldDate });
    const rotated = await rotateToken(ctx, { ...choice, tokenId });
    expect(dateFromExpiryInstant(rotated.summary.expiresAt as Date)).toBe(oldDate);
  });
});
