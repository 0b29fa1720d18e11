import { randomBytes } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import {
  getTokenLifetimePolicy,
  lifetimePolicyReport,
  setTokenLifetimePolicy,
} from "@/lib/services/organizations/token-lifetime-policy";
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
    await expect(getTokenLifetimePolicy(organizationId)).resolves.toBeNull();

    const set = { organizationId, actorId: user.id, ip: "203.0.113.9" };
    await expect(setTokenLifetimePolicy({ ...set, maxLifetimeDays: 90 })).resolves.toEqual({
      policy: 90,
      changed: true,
    });
    await expect(getTokenLifetimePolicy(organizationId)).resolves.toBe(90);
    // The same value again changes nothing and records nothing.
    await expect(setTokenLifetimePolicy({ ...set, maxLifetimeDays: 90 })).resolves.toEqual({
      policy: 90,
      changed: false,
    });
    await setTokenLifetimePolicy({ ...set, maxLifetimeDays: null });
    await expect(getTokenLifetimePolicy(organizationId)).resolves.toBeNull();

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
      setTokenLifetimePolicy({
        organizationId: organization.id,
        actorId: user.id,
        ip: null,
        maxLifetimeDays: 30,
      }),
    ).rejects.toMatchObject({
      code: "forbidden",
      message: "Only the organization owner can change the token policy.",
    });
    await expect(getTokenLifetimePolicy(organization.id)).resolves.toBeNull();
    await expect(db.auditEvent.count({ where: { organizationId: organization.id } })).resolves.toBe(
      0,
    );
  });

  it("refuses an owner of another organization", async () => {
    const { organization } = await createTestTenant();
    const other = await createTestTenant();
    await expect(
      setTokenLifetimePolicy({
        organizationId: organization.id,
        actorId: other.user.id,
        ip: null,
        maxLifetimeDays: 30,
      }),
    ).rejects.toMatchObject({ code: "forbidden" });
  });

  it.each([7, 0, -30, "30", 30.5, Number.NaN, undefined, {}])(
    "refuses %j as a lifetime with a field error",
    async (value) => {
      const { organization, user } = await createTestTenant();
      await expect(
        setTokenLifetimePolicy({
          organizationId: organization.id,
          actorId: user.id,
          ip: null,
          maxLifetimeDays: value,
        }),
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

    // No policy, no flags.
    await expect(lifetimePolicyReport(organizationId, NOW)).resolves.toEqual({
      policy: null,
      tokenIdsBeyond: [],
    });

    await setTokenLifetimePolicy({
      organizationId,
      actorId: user.id,
      ip: null,
      maxLifetimeDays: 30,
    });
    const report = await lifetimePolicyReport(organizationId, NOW);
    expect(report.policy).toBe(30);
    expect(report.tokenIdsBeyond.sort()).toEqual([never, dayAfterLimit].sort());
    expect(report.tokenIdsBeyond).not.toContain(atLimit);
  });
});
