import { describe, expect, it } from "vitest";
import type { Principal } from "@/lib/auth/principal";
import { db } from "@/lib/db";
import { removeMember } from "@/lib/services/members";
import { createToken, rotateToken } from "@/lib/services/tokens";
import type { AuditEventFilters } from "@/lib/validations/audit";
import { createApiToken } from "@/test/api/helpers";
import { expectAppError } from "@/test/expect-app-error";
import { createTestTenant, createTestUser } from "@/test/factories";
import { listAuditActorOptions, listAuditEvents } from "./query";

// Reading the audit log is judged by the service itself (audit:read), whichever door the
// request came through: a page, the CSV export or /api/v1/audit-events.
describe("who may read the audit log", () => {
  it("an admin and a token with audit:read may; a member, an outsider and a narrower token may not", async () => {
    const { organization } = await createTestTenant();
    const organizationId = organization.id;
    const asUser = (userId: string): Principal => ({ kind: "user", userId, ip: null });
    const asToken = (row: { id: string; name: string }): Principal => ({
      kind: "token",
      tokenId: row.id,
      tokenName: row.name,
      ip: null,
    });
    const admin = await createTestUser({ organizationId, role: "ADMIN" });
    const member = await createTestUser({ organizationId, role: "MEMBER" });
    const outsider = await createTestTenant();
    const reader = await createApiToken({ organizationId, scopes: ["audit:read"] });
    const narrow = await createApiToken({ organizationId, scopes: ["domains:read"] });

    for (const allowed of [asUser(admin.user.id), asToken(reader.row)]) {
      await expect(listAuditEvents(allowed, organizationId, { limit: 5 })).resolves.toMatchObject({
        events: [],
      });
    }
    await expect(
      listAuditActorOptions(asUser(admin.user.id), organizationId),
    ).resolves.not.toHaveLength(0);
    for (const refused of [asUser(member.user.id), asUser(outsider.user.id)]) {
      await expectAppError(listAuditEvents(refused, organizationId, { limit: 5 }), "forbidden");
      await expectAppError(listAuditActorOptions(refused, organizationId), "forbidden");
    }
    await expectAppError(
      listAuditEvents(asToken(narrow.row), organizationId, { limit: 5 }),
      "insufficient_scope",
    );
  });
});

describe("the audit log's filters", () => {
  it("hides sign-ins with one switch, keeping every other event", async () => {
    const { organization, user } = await createTestTenant();
    const organizationId = organization.id;
    const owner: Principal = { kind: "user", userId: user.id, ip: null };
    for (const action of ["user.signed_in", "user.sign_in_failed", "user.two_factor_failed"]) {
      await db.auditEvent.create({
        data: { organizationId, actorId: user.id, action, targetType: "user", targetId: user.id },
      });
    }
    await db.auditEvent.create({
      data: {
        organizationId,
        actorId: user.id,
        action: "plan.changed",
        targetType: "organization",
      },
    });
    const actions = async (filters: Partial<AuditEventFilters>) =>
      (await listAuditEvents(owner, organizationId, { limit: 10, ...filters })).events
        .map((event) => event.action)
        .sort();
    expect(await actions({})).toHaveLength(4);
    expect(await actions({ hideSignIns: true })).toEqual(["plan.changed"]);
  });

  it("keeps removed members who acted, and tells a rotated token from its successor", async () => {
    const { organization, user } = await createTestTenant();
    const organizationId = organization.id;
    const ctx = { principal: { kind: "user" as const, userId: user.id, ip: null }, organizationId };
    const gone = await createTestUser({ organizationId, role: "ADMIN" });
    const quiet = await createTestUser({ organizationId, role: "MEMBER" });
    await db.user.update({ where: { id: gone.user.id }, data: { name: "Gone Admin" } });
    await db.auditEvent.create({
      data: { organizationId, actorId: gone.user.id, action: "user.signed_in", targetType: "user" },
    });
    await removeMember(ctx, { userId: gone.user.id, revokeTokens: false });
    await removeMember(ctx, { userId: quiet.user.id, revokeTokens: false });

    const { summary } = await createToken(ctx, { name: "Deploy" });
    const rotated = await rotateToken(ctx, {
      tokenId: summary.id,
      gracePeriodSeconds: 3600,
      expireOnFirstUse: false,
    });

    const options = await listAuditActorOptions(ctx.principal, organizationId);
    const labels = options.map((option) => option.label);
    expect(options).toContainEqual({
      value: `user:${gone.user.id}`,
      label: `Gone Admin (${gone.user.email}), removed`,
    });
    // Someone removed who never acted here has no events to find.
    expect(options.some((option) => option.value === `user:${quiet.user.id}`)).toBe(false);
    expect(labels).toContain(`Token: Deploy …${summary.lastFour} (rotated)`);
    expect(labels).toContain(`Token: Deploy …${rotated.summary.lastFour}`);
  });
});
