import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { createApiToken } from "@/test/api/helpers";
import { createTestTenant, createTestUser } from "@/test/factories";
import { recordAuditEvent } from "./record-audit-event";
import { pruneAuditEvents } from "./retention";

// The audit log is append-only in the database itself (a trigger), not only because the
// application has no update or delete path: these statements come from outside it.

afterAll(async () => {
  await db.$disconnect();
});

async function tenantWithEvent() {
  const { organization, user } = await createTestTenant();
  await recordAuditEvent(db, {
    organizationId: organization.id,
    actor: { kind: "user", userId: user.id },
    action: "plan.changed",
    targetType: "organization",
  });
  const event = await db.auditEvent.findFirstOrThrow({
    where: { organizationId: organization.id },
  });
  return { organization, user, event };
}

describe("audit_events is append-only", () => {
  it("refuses UPDATE, DELETE and TRUNCATE", async () => {
    const { organization, event } = await tenantWithEvent();
    await expect(
      db.auditEvent.update({ where: { id: event.id }, data: { action: "token.created" } }),
    ).rejects.toThrow(/append-only/);
    await expect(
      db.auditEvent.updateMany({ where: { id: event.id }, data: { actorId: null } }),
    ).rejects.toThrow(/append-only/);
    await expect(db.auditEvent.delete({ where: { id: event.id } })).rejects.toThrow(/append-only/);
    await expect(
      db.auditEvent.deleteMany({ where: { organizationId: organization.id } }),
    ).rejects.toThrow(/append-only/);
    await expect(db.$executeRawUnsafe("TRUNCATE audit_events")).rejects.toThrow(/append-only/);
    expect(await db.auditEvent.findUniqueOrThrow({ where: { id: event.id } })).toEqual(event);
  });

  it("still lets the foreign keys act: a deleted actor becomes null, a deleted organization takes its events", async () => {
    const { organization, event } = await tenantWithEvent();
    const { user: other } = await createTestUser({ organizationId: organization.id });
    const { row: token } = await createApiToken({ organizationId: organization.id });
    await recordAuditEvent(db, {
      organizationId: organization.id,
      actor: { kind: "token", tokenId: token.id, tokenName: token.name },
      action: "domain.created",
      targetType: "domain",
    });
    await recordAuditEvent(db, {
      organizationId: organization.id,
      actor: { kind: "user", userId: other.id },
      action: "plan.changed",
      targetType: "organization",
    });
    await db.user.delete({ where: { id: other.id } });
    await db.apiToken.delete({ where: { id: token.id } });
    const events = await db.auditEvent.findMany({ where: { organizationId: organization.id } });
    expect(events).toHaveLength(3);
    expect(events.filter((e) => e.actorId === null && e.actorTokenId === null)).toHaveLength(2);
    // The token's name survives its deletion.
    expect(events.find((e) => e.action === "domain.created")?.metadata).toEqual({
      tokenName: token.name,
    });
    expect(events.find((e) => e.id === event.id)).toEqual(event);

    await db.organization.delete({ where: { id: organization.id } });
    expect(await db.auditEvent.count({ where: { organizationId: organization.id } })).toBe(0);
  });
});

describe("pruneAuditEvents", () => {
  it("deletes only the events older than the retention period, in batches", async () => {
    const { organization, user } = await createTestTenant();
    const now = new Date("2020-06-01T12:00:00Z");
    const day = 24 * 60 * 60 * 1000;
    const ages = [400, 366, 365.5, 364, 10];
    for (const age of ages) {
      await db.auditEvent.create({
        data: {
          organizationId: organization.id,
          actorId: user.id,
          action: "plan.changed",
          targetType: "organization",
          createdAt: new Date(now.getTime() - age * day),
        },
      });
    }
    const result = await pruneAuditEvents({ now, retentionDays: 365, batchSize: 2 });
    expect(result.cutoff).toEqual(new Date(now.getTime() - 365 * day));
    expect(result.deleted).toBeGreaterThanOrEqual(3);
    const left = await db.auditEvent.findMany({
      where: { organizationId: organization.id },
      orderBy: { createdAt: "asc" },
    });
    expect(left.map((e) => Math.round((now.getTime() - e.createdAt.getTime()) / day))).toEqual([
      364, 10,
    ]);
  });
});
