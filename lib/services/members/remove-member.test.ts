import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { expectAppError } from "@/test/expect-app-error";
import { LAST_OWNER_MESSAGE } from "./member-change";
import { removeMember } from "./remove-member";
import {
  addMember,
  expectOneOwnerAfterRace,
  expectOnlyOwnersMayChange,
  expectOutsidersNotFound,
  IP,
  memberEvents,
  organizationWithOwner,
  roleOf,
  tokensCreatedBy,
} from "./test-fixtures";

afterAll(async () => {
  await db.$disconnect();
});

function revokedEvents(organizationId: string) {
  return db.auditEvent.findMany({ where: { organizationId, action: "token.revoked" } });
}

async function notifyAbout(userId: string, tokenId: string) {
  await db.notification.create({ data: { userId, tokenId, kind: "TOKEN_EXPOSED" } });
}

describe("removeMember", () => {
  it("revokes the member's working tokens when asked, each with its own audit event", async () => {
    const { organizationId, owner } = await organizationWithOwner();
    const admin = await addMember(organizationId, "ADMIN");
    const working = await tokensCreatedBy(organizationId, admin.id, 2);
    const past = new Date(Date.now() - 86_400_000);
    const [alreadyRevoked] = await tokensCreatedBy(organizationId, admin.id, 1, {
      revokedAt: past,
    });
    const [ownersToken] = await tokensCreatedBy(organizationId, owner.id, 1);

    const result = await removeMember(
      { principal: { kind: "user", userId: owner.id, ip: IP }, organizationId },
      { userId: admin.id, revokeTokens: true },
    );

    expect(result).toEqual({ email: admin.email, revokedTokenCount: 2 });
    expect(await roleOf(organizationId, admin.id)).toBeNull();
    const tokens = await db.apiToken.findMany({ where: { organizationId } });
    const revokedBy = Object.fromEntries(tokens.map((token) => [token.id, token.revokedById]));
    expect(revokedBy).toEqual({
      [working[0]!.id]: owner.id,
      [working[1]!.id]: owner.id,
      [alreadyRevoked!.id]: null,
      [ownersToken!.id]: null,
    });
    const revocations = await revokedEvents(organizationId);
    expect(revocations.map((event) => event.targetId).sort()).toEqual(
      working.map((token) => token.id).sort(),
    );
    for (const event of revocations) expect(event).toMatchObject({ actorId: owner.id, ip: IP });
    const [removed, ...others] = await memberEvents(organizationId);
    expect(others).toEqual([]);
    expect(removed).toMatchObject({
      action: "member.removed",
      actorId: owner.id,
      targetType: "user",
      targetId: admin.id,
      ip: IP,
      metadata: { email: admin.email, role: "ADMIN", revokedTokens: 2 },
    });
  });

  it("keeps the member's tokens working when not asked to revoke them", async () => {
    const { organizationId, owner } = await organizationWithOwner();
    const admin = await addMember(organizationId, "ADMIN");
    await tokensCreatedBy(organizationId, admin.id, 2);

    const result = await removeMember(
      { principal: { kind: "user", userId: owner.id, ip: IP }, organizationId },
      { userId: admin.id, revokeTokens: false },
    );

    expect(result.revokedTokenCount).toBe(0);
    expect(await db.apiToken.count({ where: { organizationId, revokedAt: null } })).toBe(2);
    expect(await revokedEvents(organizationId)).toEqual([]);
    expect((await memberEvents(organizationId))[0]?.metadata).toMatchObject({ revokedTokens: 0 });
  });

  it("deletes the member's notifications about this organization's tokens only", async () => {
    const { organizationId, owner } = await organizationWithOwner();
    const admin = await addMember(organizationId, "ADMIN");
    const [token] = await tokensCreatedBy(organizationId, owner.id, 1);
    const elsewhere = await organizationWithOwner();
    await db.membership.create({
      data: { organizationId: elsewhere.organizationId, userId: admin.id, role: "ADMIN" },
    });
    const [otherToken] = await tokensCreatedBy(elsewhere.organizationId, elsewhere.owner.id, 1);
    await notifyAbout(admin.id, token!.id);
    await notifyAbout(admin.id, otherToken!.id);
    await notifyAbout(owner.id, token!.id);

    await removeMember(
      { principal: { kind: "user", userId: owner.id, ip: IP }, organizationId },
      { userId: admin.id, revokeTokens: false },
    );

    const left = await db.notification.findMany({
      where: { tokenId: { in: [token!.id, otherToken!.id] } },
      select: { userId: true, tokenId: true },
    });
    expect(left).toEqual(
      expect.arrayContaining([
        { userId: admin.id, tokenId: otherToken!.id },
        { userId: owner.id, tokenId: token!.id },
      ]),
    );
    expect(left).toHaveLength(2);
    expect(await roleOf(elsewhere.organizationId, admin.id)).toBe("ADMIN");
  });

  it("refuses to remove the last owner, and changes nothing", async () => {
    const { organizationId, owner } = await organizationWithOwner();
    await tokensCreatedBy(organizationId, owner.id, 1);

    await expectAppError(
      removeMember(
        { principal: { kind: "user", userId: owner.id, ip: IP }, organizationId },
        { userId: owner.id, revokeTokens: true },
      ),
      "conflict",
      LAST_OWNER_MESSAGE,
    );
    expect(await roleOf(organizationId, owner.id)).toBe("OWNER");
    expect(await db.apiToken.count({ where: { organizationId, revokedAt: null } })).toBe(1);
    expect(await memberEvents(organizationId)).toEqual([]);
  });

  it("lets an owner remove themselves while another owner remains", async () => {
    const { organizationId, owner } = await organizationWithOwner();
    const other = await addMember(organizationId, "OWNER");

    await removeMember(
      { principal: { kind: "user", userId: owner.id, ip: IP }, organizationId },
      { userId: owner.id, revokeTokens: false },
    );

    expect(await roleOf(organizationId, owner.id)).toBeNull();
    expect(await roleOf(organizationId, other.id)).toBe("OWNER");
  });

  it("leaves one owner when two owners remove each other at the same moment", async () => {
    await expectOneOwnerAfterRace((ctx, userId) =>
      removeMember(ctx, { userId, revokeTokens: false }),
    );
  });

  it("refuses admins and members: only owners remove members", async () => {
    await expectOnlyOwnersMayChange((ctx, userId) =>
      removeMember(ctx, { userId, revokeTokens: false }),
    );
  });

  it("answers not found for an unknown user or a member of another organization", async () => {
    await expectOutsidersNotFound((ctx, userId) =>
      removeMember(ctx, { userId, revokeTokens: true }),
    );
  });
});
