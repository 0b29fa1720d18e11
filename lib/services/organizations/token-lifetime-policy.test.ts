import { randomBytes } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import type { UserPrincipal } from "@/lib/auth/principal";
import { latestAllowedExpirationDate } from "@/lib/auth/token-lifetime-policy";
import { db } from "@/lib/db";
import type { AppError } from "@/lib/errors";
import {
  getTokenLifetimePolicy,
  lifetimePolicyReport,
  setTokenLifetimePolicy,
} from "@/lib/services/organizations/token-lifetime-policy";
import { createToken, rotateToken, updateToken } from "@/lib/services/tokens";
import { atInstant } from "@/test/clock";
import { createTestTenant, createTestUser } from "@/test/factories";

const NOW = new Date("2026-11-29T15:00:00.000Z");

afterAll(async () => {
  await db.$disconnect();
});

async function insertToken(
  organizationId: string,
  fields: { expiresAt?: Date | null; revokedAt?: Date | null } = {},
) {
  const row = await db.apiToken.create({
    data: {
      organizationId,
      name: `Token ${randomBytes(4).toString("hex")}`,
      tokenHash: randomBytes(32).toString("hex"),
      lastFour: "abcd",
      expiresAt: fields.expiresAt ?? null,
      revokedAt: fields.revokedAt ?? null,
    },
  });
  return row.id;
}

describe("setTokenLifetimePolicy", () => {
  it("lets the owner set and remove it, each change audited with before and after", async () => {
    const { organization, user } = await createTestTenant();
    const organizationId = organization.id;
    await expect(policyOf(organizationId)).resolves.toBeNull();

    const set = {
      organizationId,
      principal: { kind: "user", userId: user.id, ip: "203.0.113.9" },
    } as const;
    await expect(setTokenLifetimePolicy(set, { maxTokenLifetimeDays: 90 })).resolves.toEqual({
      policy: 90,
      changed: true,
    });
    await expect(policyOf(organizationId)).resolves.toBe(90);
    // The same value again changes nothing and records nothing.
    await expect(setTokenLifetimePolicy(set, { maxTokenLifetimeDays: 90 })).resolves.toEqual({
      policy: 90,
      changed: false,
    });
    await setTokenLifetimePolicy(set, { maxTokenLifetimeDays: null });
    await expect(policyOf(organizationId)).resolves.toBeNull();

    const events = await db.auditEvent.findMany({
      where: { organizationId },
      orderBy: { createdAt: "asc" },
    });
    expect(events.map((event) => [event.action, event.actorId, event.ip, event.metadata])).toEqual([
      [
        "policy.changed",
        user.id,
        "203.0.113.9",
        { changes: { maxTokenLifetimeDays: { before: null, after: 90 } } },
      ],
      [
        "policy.changed",
        user.id,
        "203.0.113.9",
        { changes: { maxTokenLifetimeDays: { before: 90, after: null } } },
      ],
    ]);
  });

  it.each(["ADMIN", "MEMBER"] as const)("refuses an %s and records nothing", async (role) => {
    const { organization } = await createTestTenant();
    const { user } = await createTestUser({ organizationId: organization.id, role });
    await expect(
      setTokenLifetimePolicy(
        { principal: { kind: "user", userId: user.id, ip: null }, organizationId: organization.id },
        { maxTokenLifetimeDays: 30 },
      ),
    ).rejects.toMatchObject({
      code: "forbidden",
      message: "Only the organization owner can change the token policy.",
    });
    await expect(policyOf(organization.id)).resolves.toBeNull();
    await expect(db.auditEvent.count({ where: { organizationId: organization.id } })).resolves.toBe(
      0,
    );
  });

  it("refuses an owner of another organization", async () => {
    const { organization } = await createTestTenant();
    const other = await createTestTenant();
    await expect(
      setTokenLifetimePolicy(
        {
          principal: { kind: "user", userId: other.user.id, ip: null },
          organizationId: organization.id,
        },
        { maxTokenLifetimeDays: 30 },
      ),
    ).rejects.toMatchObject({ code: "forbidden" });
  });

  it.each([7, 0, -30, "30", 30.5, Number.NaN, undefined, {}])(
    "refuses %j as a lifetime with a field error",
    async (value) => {
      const { organization, user } = await createTestTenant();
      await expect(
        setTokenLifetimePolicy(
          {
            principal: { kind: "user", userId: user.id, ip: null },
            organizationId: organization.id,
          },
          { maxTokenLifetimeDays: value as number | null },
        ),
      ).rejects.toMatchObject({
        code: "validation_error",
        fieldErrors: { maxTokenLifetimeDays: ["Choose no maximum, 30, 90 or 365 days."] },
      });
    },
  );

  it("is held to the offered values by the database too", async () => {
    const { organization } = await createTestTenant();
    await expect(
      db.organization.update({ where: { id: organization.id }, data: { maxTokenLifetimeDays: 7 } }),
    ).rejects.toThrow();
  });
});

describe("lifetimePolicyReport", () => {
  it("flags working tokens that never expire or expire after today + the lifetime", async () => {
    const { organization, user } = await createTestTenant();
    const organizationId = organization.id;
    const never = await insertToken(organizationId);
    const atLimit = await insertToken(organizationId, {
      expiresAt: new Date("2026-12-29T00:00:00.000Z"),
    });
    const dayAfterLimit = await insertToken(organizationId, {
      expiresAt: new Date("2026-12-30T00:00:00.000Z"),
    });
    await insertToken(organizationId, { revokedAt: NOW });
    await insertToken(organizationId, { expiresAt: new Date("2026-11-29T00:00:00.000Z") });
    // Rotated, in its grace period or past it: read-only, it ends with the rotation anyway,
    // so "keeps working, replace it" would ask for something already done.
    for (const rotationEndsAt of [new Date("2026-11-30T00:00:00.000Z"), NOW]) {
      const rotated = await insertToken(organizationId);
      await db.apiToken.update({
        where: { id: rotated },
        data: { rotatedAt: new Date("2026-11-28T00:00:00.000Z"), rotationEndsAt },
      });
    }

    // No policy, no flags.
    await expect(lifetimePolicyReport(asUser(user.id), organizationId, NOW)).resolves.toEqual({
      policy: null,
      tokenIdsBeyond: [],
    });

    await setTokenLifetimePolicy(
      { principal: { kind: "user", userId: user.id, ip: null }, organizationId },
      { maxTokenLifetimeDays: 30 },
    );
    const report = await lifetimePolicyReport(asUser(user.id), organizationId, NOW);
    expect(report.policy).toBe(30);
    expect(report.tokenIdsBeyond.sort()).toEqual([never, dayAfterLimit].sort());
    expect(report.tokenIdsBeyond).not.toContain(atLimit);
  });
});

describe("the token services under a lifetime policy", () => {
  function form(expiresOn: string | null) {
    return { name: `Token ${randomBytes(4).toString("hex")}`, expiresOn };
  }

  async function tenantWithPolicy(days: 30 | 90 | 365) {
    const { organization, user } = await createTestTenant();
    await setTokenLifetimePolicy(
      { principal: { kind: "user", userId: user.id, ip: null }, organizationId: organization.id },
      { maxTokenLifetimeDays: days },
    );
    return {
      organizationId: organization.id,
      actor: { kind: "user" as const, userId: user.id, ip: null },
    };
  }

  it("creates a token expiring on the last allowed day, and refuses one a day later or never", async () => {
    const { organizationId, actor } = await tenantWithPolicy(30);
    const latest = latestAllowedExpirationDate(30);

    const created = await createToken({ principal: actor, organizationId }, form(latest));
    expect(created.summary.expiresAt?.toISOString().slice(0, 10)).toBe(latest);

    for (const expiresOn of [addDays(latest, 1), null]) {
      const error = await createToken({ principal: actor, organizationId }, form(expiresOn)).then(
        () => null,
        (caught: unknown) => caught,
      );
      expect(error).toMatchObject({ code: "validation_error" });
      expect((error as AppError).fieldErrors?.expiresOn?.[0]).toMatch(
        /^Your organization's token policy allows tokens to last at most 30 days/,
      );
    }
    await expect(db.apiToken.count({ where: { organizationId } })).resolves.toBe(1);
  });

  it("clamps a rotation's successor to it, again and again, and says so", async () => {
    const { organization, user } = await createTestTenant();
    const organizationId = organization.id;
    const actor = { kind: "user" as const, userId: user.id, ip: null };
    const { summary: never } = await createToken({ principal: actor, organizationId }, form(""));
    const { summary: far } = await createToken(
      { principal: actor, organizationId },
      form(addDays(latestAllowedExpirationDate(365), -1)),
    );
    await setTokenLifetimePolicy(
      { principal: { kind: "user", userId: user.id, ip: null }, organizationId },
      { maxTokenLifetimeDays: 30 },
    );
    const rotate = (tokenId: string, now: Date) =>
      atInstant(now, () =>
        rotateToken(
          { principal: actor, organizationId },
          { tokenId, gracePeriodSeconds: 0, expireOnFirstUse: false },
        ),
      );

    const first = await rotate(never.id, NOW);
    expect(first.summary.expiresAt).toEqual(new Date("2026-12-29T00:00:00.000Z"));
    expect(first.expiryLimitedByPolicy).toEqual({
      maxLifetimeDays: 30,
      predecessorExpiresAt: null,
      message:
        "Your organization's token policy allows tokens to last at most 30 days, so the new token expires on 2026-12-29 (00:00 UTC) instead of never.",
    });
    // Rotating the successor ten days later keeps its earlier expiry: nothing to clamp.
    const second = await rotate(first.summary.id, new Date("2026-12-09T15:00:00.000Z"));
    expect(second.summary.expiresAt).toEqual(new Date("2026-12-29T00:00:00.000Z"));
    expect(second.expiryLimitedByPolicy).toBeNull();

    const third = await rotate(far.id, NOW);
    expect(third.summary.expiresAt).toEqual(new Date("2026-12-29T00:00:00.000Z"));
    expect(third.expiryLimitedByPolicy?.message).toMatch(
      /expires on 2026-12-29 \(00:00 UTC\) instead of \d{4}-\d{2}-\d{2}\.$/,
    );
    const event = await db.auditEvent.findFirstOrThrow({
      where: { organizationId, action: "token.rotated", targetId: never.id },
    });
    expect(event.metadata).toMatchObject({
      successorExpiresAt: "2026-12-29T00:00:00.000Z",
      expiryLimitedByPolicyDays: 30,
    });
  });

  it("refuses an edit that moves the expiry beyond it, and allows renaming a token made before it", async () => {
    const { organization, user } = await createTestTenant();
    const organizationId = organization.id;
    const actor = { kind: "user" as const, userId: user.id, ip: null };
    const { summary } = await createToken({ principal: actor, organizationId }, form(""));
    await setTokenLifetimePolicy(
      { principal: { kind: "user", userId: user.id, ip: null }, organizationId },
      { maxTokenLifetimeDays: 90 },
    );

    const renamed = await updateToken(
      { principal: actor, organizationId },
      { tokenId: summary.id, name: "Made before the policy", expiresOn: null },
    );
    expect(renamed.name).toBe("Made before the policy");

    await expect(
      updateToken(
        { principal: actor, organizationId },
        {
          tokenId: summary.id,
          name: renamed.name,
          expiresOn: addDays(latestAllowedExpirationDate(90), 1),
        },
      ),
    ).rejects.toMatchObject({
      code: "validation_error",
      fieldErrors: { expiresOn: [expect.stringContaining("at most 90 days")] },
    });
    const within = latestAllowedExpirationDate(90);
    const updated = await updateToken(
      { principal: actor, organizationId },
      { tokenId: summary.id, name: renamed.name, expiresOn: within },
    );
    expect(updated.expiresAt?.toISOString().slice(0, 10)).toBe(within);
  });
});

function addDays(date: string, days: number): string {
  const instant = new Date(`${date}T00:00:00.000Z`);
  instant.setUTCDate(instant.getUTCDate() + days);
  return instant.toISOString().slice(0, 10);
}

function asUser(userId: string): UserPrincipal {
  return { kind: "user", userId, ip: null };
}

/** The policy as stored, read without asking anyone (the test looks behind the service). */
function policyOf(organizationId: string) {
  return db.$transaction((tx) => getTokenLifetimePolicy(organizationId, tx));
}
