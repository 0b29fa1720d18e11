import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { changePlan } from "@/lib/services/organizations/change-plan";
import { expectAppError } from "@/test/expect-app-error";
import { createTestTenant, createTestUser } from "@/test/factories";

describe("changePlan", () => {
  it("switches the plan and records who changed it, from what, to what", async () => {
    const { organization, user } = await createTestTenant({ plan: "FREE" });

    const result = await changePlan(
      {
        principal: { kind: "user", userId: user.id, ip: "203.0.113.7" },
        organizationId: organization.id,
      },
      { plan: "PRO" },
    );

    expect(result).toEqual({ previousPlan: "FREE", plan: "PRO", changed: true });
    const updated = await db.organization.findUniqueOrThrow({ where: { id: organization.id } });
    expect(updated.plan).toBe("PRO");
    const events = await db.auditEvent.findMany({ where: { organizationId: organization.id } });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      action: "plan.changed",
      actorId: user.id,
      ip: "203.0.113.7",
      targetType: "organization",
      targetId: organization.id,
      metadata: { changes: { plan: { before: "FREE", after: "PRO" } } },
    });
  });

  it("changes nothing and records nothing when the plan is already current", async () => {
    const { organization, user } = await createTestTenant({ plan: "BUSINESS" });

    const result = await changePlan(
      { principal: { kind: "user", userId: user.id, ip: null }, organizationId: organization.id },
      { plan: "BUSINESS" },
    );

    expect(result.changed).toBe(false);
    await expect(db.auditEvent.count({ where: { organizationId: organization.id } })).resolves.toBe(
      0,
    );
  });

  it("two owners switching at once record two truthful audit events", async () => {
    const { organization, user } = await createTestTenant({ plan: "FREE" });

    await Promise.all(
      (["PRO", "BUSINESS"] as const).map((plan) =>
        changePlan(
          {
            principal: { kind: "user", userId: user.id, ip: null },
            organizationId: organization.id,
          },
          { plan },
        ),
      ),
    );

    // Whichever came second changed the plan the first one left, and says so.
    const events = await db.auditEvent.findMany({
      where: { organizationId: organization.id },
      orderBy: { createdAt: "asc" },
    });
    const changes = events.map(
      (event) =>
        (event.metadata as { changes: { plan: { before: string; after: string } } }).changes.plan,
    );
    const final = await db.organization.findUniqueOrThrow({ where: { id: organization.id } });
    expect(changes).toHaveLength(2);
    const first = changes.find((change) => change.before === "FREE");
    const second = changes.find((change) => change !== first);
    expect(second?.before).toBe(first?.after);
    expect(second?.after).toBe(final.plan);
  });

  it("refuses anyone without billing:manage there, inside the service: the plan and the log stay", async () => {
    const { organization } = await createTestTenant({ plan: "FREE" });
    const elsewhere = await createTestTenant({ plan: "FREE" });
    const admin = await createTestUser({ organizationId: organization.id, role: "ADMIN" });
    const member = await createTestUser({ organizationId: organization.id, role: "MEMBER" });
    for (const userId of [admin.user.id, member.user.id, elsewhere.user.id]) {
      await expectAppError(
        changePlan(
          { principal: { kind: "user", userId, ip: null }, organizationId: organization.id },
          { plan: "BUSINESS" },
        ),
        "forbidden",
      );
    }
    // An unknown organization is one the caller owns nothing of.
    await expectAppError(
      changePlan(
        {
          principal: { kind: "user", userId: elsewhere.user.id, ip: null },
          organizationId: "00000000-0000-7000-8000-000000000000",
        },
        { plan: "PRO" },
      ),
      "forbidden",
    );
    const after = await db.organization.findUniqueOrThrow({ where: { id: organization.id } });
    expect(after.plan).toBe("FREE");
    expect(await db.auditEvent.count({ where: { organizationId: organization.id } })).toBe(0);
  });
});
