import { afterAll, describe, expect, it } from "vitest";
import type { UserPrincipal } from "@/lib/auth/principal";
import { db } from "@/lib/db";
import { expectAppError } from "@/test/expect-app-error";
import { listMembers } from "./list-members";
import { addMember, organizationWithOwner, tokensCreatedBy } from "./test-fixtures";

afterAll(async () => {
  await db.$disconnect();
});

describe("listMembers", () => {
  it("lists every member with role, join date and the working tokens each created here", async () => {
    const { organizationId, owner } = await organizationWithOwner();
    const admin = await addMember(organizationId, "ADMIN");
    const member = await addMember(organizationId, "MEMBER");
    const past = new Date(Date.now() - 86_400_000);
    await tokensCreatedBy(organizationId, admin.id, 2);
    await tokensCreatedBy(organizationId, admin.id, 1, { revokedAt: past });
    await tokensCreatedBy(organizationId, admin.id, 1, { expiresAt: past });
    const [rotated] = await tokensCreatedBy(organizationId, owner.id, 2);
    // A rotated token whose grace period is over no longer works; the other still does.
    await db.apiToken.update({
      where: { id: rotated!.id },
      data: { rotatedAt: past, rotationEndsAt: past },
    });
    // Tokens the admin created in another organization are not counted here.
    const elsewhere = await organizationWithOwner();
    await db.membership.create({
      data: { organizationId: elsewhere.organizationId, userId: admin.id, role: "ADMIN" },
    });
    await tokensCreatedBy(elsewhere.organizationId, admin.id, 3);

    // Every member may see who belongs: here, a plain member looks.
    const members = await listMembers(asUser(member.id), organizationId);

    expect(members).toEqual([
      {
        userId: owner.id,
        email: owner.email,
        name: owner.name,
        role: "OWNER",
        joinedAt: expect.any(Date),
        workingTokenCount: 1,
        twoFactor: false,
      },
      expect.objectContaining({ userId: admin.id, role: "ADMIN", workingTokenCount: 2 }),
      expect.objectContaining({ userId: member.id, role: "MEMBER", workingTokenCount: 0 }),
    ]);
  });

  it("orders owners, then admins, then members, each by who joined first", async () => {
    const { organizationId, owner } = await organizationWithOwner();
    const member = await addMember(organizationId, "MEMBER");
    const admin = await addMember(organizationId, "ADMIN");
    const secondOwner = await addMember(organizationId, "OWNER");

    const members = await listMembers(asUser(owner.id), organizationId);

    expect(members.map((entry) => entry.userId)).toEqual([
      owner.id,
      secondOwner.id,
      admin.id,
      member.id,
    ]);
  });

  it("shows no one outside the organization who belongs to it", async () => {
    const { organizationId } = await organizationWithOwner();
    const elsewhere = await organizationWithOwner();
    await expectAppError(listMembers(asUser(elsewhere.owner.id), organizationId), "forbidden");
  });
});

function asUser(userId: string): UserPrincipal {
  return { kind: "user", userId, ip: null };
}
