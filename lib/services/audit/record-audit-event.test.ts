import { afterAll, describe, expect, it } from "vitest";
import { generateApiToken } from "@/lib/auth/token";
import { db } from "@/lib/db";
import { createApiToken } from "@/test/api/helpers";
import { createTestTenant } from "@/test/factories";
import { recordAuditEvent } from "./record-audit-event";

afterAll(async () => {
  await db.$disconnect();
});

describe("recordAuditEvent", () => {
  it("stores who did what to which target, from where", async () => {
    const { organization, user } = await createTestTenant();
    await recordAuditEvent(db, {
      organizationId: organization.id,
      actor: { kind: "user", userId: user.id, ip: "2001:db8::1" },
      action: "token.updated",
      targetType: "api_token",
      targetId: "0195f0c2-0000-7000-8000-000000000001",
      metadata: { name: "CI", changes: { name: { before: "Old", after: "CI" } } },
    });
    const events = await db.auditEvent.findMany({ where: { organizationId: organization.id } });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      actorId: user.id,
      action: "token.updated",
      targetType: "api_token",
      targetId: "0195f0c2-0000-7000-8000-000000000001",
      metadata: { name: "CI", changes: { name: { before: "Old", after: "CI" } } },
      ip: "2001:db8::1",
    });
    expect(events[0]?.createdAt).toBeInstanceOf(Date);
  });

  it("defaults to empty metadata and no target or IP", async () => {
    const { organization } = await createTestTenant();
    await recordAuditEvent(db, {
      organizationId: organization.id,
      actor: { kind: "system", reason: "exposed", ip: null },
      action: "plan.changed",
      targetType: "organization",
    });
    const event = await db.auditEvent.findFirstOrThrow({
      where: { organizationId: organization.id },
    });
    expect(event).toMatchObject({
      actorId: null,
      actorTokenId: null,
      targetId: null,
      ip: null,
      metadata: {},
    });
  });

  it("records a token actor in actor_token_id and keeps the token's name of the moment", async () => {
    const { organization } = await createTestTenant();
    const { row: token } = await createApiToken({
      organizationId: organization.id,
      name: "Deploy bot",
    });
    await recordAuditEvent(db, {
      organizationId: organization.id,
      actor: { kind: "token", tokenId: token.id, tokenName: "Deploy bot", ip: null },
      action: "domain.created",
      targetType: "domain",
    });
    const event = await db.auditEvent.findFirstOrThrow({
      where: { organizationId: organization.id },
    });
    expect(event).toMatchObject({
      actorId: null,
      actorTokenId: token.id,
      metadata: { tokenName: "Deploy bot" },
    });
  });

  it("rolls back with the transaction it is part of", async () => {
    const { organization, user } = await createTestTenant();
    await expect(
      db.$transaction(async (tx) => {
        await recordAuditEvent(tx, {
          organizationId: organization.id,
          actor: { kind: "user", userId: user.id, ip: null },
          action: "token.created",
          targetType: "api_token",
        });
        throw new Error("the change failed");
      }),
    ).rejects.toThrow("the change failed");
    expect(await db.auditEvent.count({ where: { organizationId: organization.id } })).toBe(0);
  });

  it.each([
    ["a token key", { token: "x" }],
    ["a tokenHash key, nested", { changes: { tokenHash: "abc" } }],
    ["a token-shaped value", { note: `leaked ${generateApiToken().token}` }],
    ["a token-shaped value in an array", { list: ["a", generateApiToken().token] }],
  ])("refuses metadata with %s and stores nothing", async (_label, metadata) => {
    const { organization, user } = await createTestTenant();
    await expect(
      recordAuditEvent(db, {
        organizationId: organization.id,
        actor: { kind: "user", userId: user.id, ip: null },
        action: "token.created",
        targetType: "api_token",
        metadata,
      }),
    ).rejects.toThrow(/must not contain/);
    expect(await db.auditEvent.count({ where: { organizationId: organization.id } })).toBe(0);
  });
});
