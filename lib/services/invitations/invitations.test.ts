import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { expectAppError } from "@/test/expect-app-error";
import { createTestTenant, createTestUser } from "@/test/factories";
import { hashInvitationCode } from "./codes";
import { createInvitation } from "./create-invitation";
import { describeInvitation } from "./describe-invitation";
import { listPendingInvitations } from "./list-invitations";
import { revokeInvitation } from "./revoke-invitation";
import { auditEvents, IP, inviteeEmail, ownerInvites } from "./test-invitations";

afterAll(async () => {
  await db.$disconnect();
});

const DAY_MS = 24 * 60 * 60 * 1000;

describe("createInvitation", () => {
  it("stores only the code's SHA-256, lower-cases the address and expires in 7 days", async () => {
    const { organization, user: owner } = await createTestTenant();
    const local = `Mixed-${Date.now()}`;
    const before = Date.now();
    const { invitation, code, inviteUrlPath } = await createInvitation(
      { principal: { kind: "user", userId: owner.id, ip: IP }, organizationId: organization.id },
      { email: `  ${local}@Example.TEST `, role: "MEMBER" },
    );

    expect(code).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(inviteUrlPath).toBe(`/invite/${code}`);
    const row = await db.invitation.findUniqueOrThrow({ where: { id: invitation.id } });
    expect(row.codeHash).toBe(hashInvitationCode(code));
    expect(JSON.stringify(row)).not.toContain(code);
    expect(row.email).toBe(`${local.toLowerCase()}@example.test`);
    expect(row.invitedById).toBe(owner.id);
    const validFor = row.expiresAt.getTime() - before;
    expect(validFor).toBeGreaterThanOrEqual(7 * DAY_MS);
    expect(validFor).toBeLessThan(7 * DAY_MS + 60_000);
  });

  it("records member.invited once, with the address and role and never the code", async () => {
    const { organization, owner, invitation, code, email } = await ownerInvites({ role: "OWNER" });
    const events = await auditEvents(organization.id, "member.invited");
    expect(events).toEqual([
      { actorId: owner.id, targetId: invitation.id, metadata: { email, role: "OWNER" }, ip: IP },
    ]);
    expect(JSON.stringify(events)).not.toContain(code);
  });

  it("refuses an address that already belongs to a member, on the email field", async () => {
    const { organization, user: owner } = await createTestTenant();
    const email = inviteeEmail();
    await createTestUser({ organizationId: organization.id, role: "MEMBER", email });
    const error = await expectAppError(
      createInvitation(
        { principal: { kind: "user", userId: owner.id, ip: IP }, organizationId: organization.id },
        { email: email.toUpperCase(), role: "ADMIN" },
      ),
      "conflict",
    );
    expect(error.fieldErrors?.email).toEqual([
      `${email} is already a member of this organization.`,
    ]);
  });

  it("refuses a second pending invitation to one address, suggesting to revoke the first", async () => {
    const { organization, owner, email } = await ownerInvites();
    const again = () =>
      createInvitation(
        { principal: { kind: "user", userId: owner.id, ip: IP }, organizationId: organization.id },
        { email, role: "MEMBER" },
      );
    const error = await expectAppError(again(), "conflict");
    expect(error.fieldErrors?.email?.[0]).toBe(
      `${email} already has a pending invitation. Revoke it to send a new one.`,
    );

    // Two owners pressing Invite at once still leave one pending invitation.
    const other = inviteeEmail();
    const racing = await Promise.allSettled(
      [1, 2].map(() =>
        createInvitation(
          {
            principal: { kind: "user", userId: owner.id, ip: IP },
            organizationId: organization.id,
          },
          { email: other, role: "MEMBER" },
        ),
      ),
    );
    expect(racing.filter((result) => result.status === "fulfilled")).toHaveLength(1);

    // Once revoked, or expired, a new invitation may be sent.
    const [pending] = await listPendingInvitations(
      { kind: "user", userId: owner.id, ip: null },
      organization.id,
    ).then((list) => list.filter((item) => item.email === email));
    if (!pending) throw new Error("expected the pending invitation");
    await revokeInvitation(
      { principal: { kind: "user", userId: owner.id, ip: IP }, organizationId: organization.id },
      { invitationId: pending.id },
    );
    await expect(again()).resolves.toMatchObject({ invitation: { email } });
  });

  it("invites the same address to two organizations independently", async () => {
    const { email } = await ownerInvites();
    await expect(ownerInvites({ email })).resolves.toMatchObject({ invitation: { email } });
  });
});

describe("listPendingInvitations", () => {
  it("lists only the organization's pending invitations, newest first, with the inviter", async () => {
    const first = await ownerInvites({ role: "MEMBER" });
    const organizationId = first.organization.id;
    const actorUserId = first.owner.id;
    const actor = { kind: "user", userId: actorUserId, ip: IP } as const;
    const invite = (email: string) =>
      createInvitation({ principal: actor, organizationId }, { email, role: "ADMIN" });
    const second = await invite(inviteeEmail());
    const revoked = await invite(inviteeEmail());
    await revokeInvitation(
      { principal: { kind: "user", userId: actorUserId, ip: IP }, organizationId },
      { invitationId: revoked.invitation.id },
    );
    const expired = await invite(inviteeEmail());
    await db.invitation.update({
      where: { id: expired.invitation.id },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    await ownerInvites(); // another organization's

    const list = await listPendingInvitations(
      { kind: "user", userId: actorUserId, ip: null },
      organizationId,
    );
    expect(list.map((item) => item.email)).toEqual([second.invitation.email, first.email]);
    expect(list[1]).toMatchObject({
      role: "MEMBER",
      invitedBy: { name: "Test User", email: first.owner.email },
    });
    expect(list[1]?.expiresAt).toEqual(first.invitation.expiresAt);
  });
});

describe("revokeInvitation", () => {
  it("stops the link working and records member.invitation_revoked once", async () => {
    const { organization, owner, invitation, code, email } = await ownerInvites();
    const revoke = () =>
      revokeInvitation(
        { principal: { kind: "user", userId: owner.id, ip: IP }, organizationId: organization.id },
        { invitationId: invitation.id },
      );
    await revoke();
    await revoke(); // harmless twice
    expect(await describeInvitation(code)).toMatchObject({ status: "revoked" });
    expect(await auditEvents(organization.id, "member.invitation_revoked")).toEqual([
      { actorId: owner.id, targetId: invitation.id, metadata: { email, role: "ADMIN" }, ip: IP },
    ]);
  });

  it("does not find another organization's invitation, nor an unknown one", async () => {
    const { invitation, code } = await ownerInvites();
    const stranger = await createTestTenant();
    for (const invitationId of [invitation.id, "0190a3c4-0000-7000-8000-000000000000"]) {
      await expectAppError(
        revokeInvitation(
          {
            principal: { kind: "user", userId: stranger.user.id, ip: IP },
            organizationId: stranger.organization.id,
          },
          { invitationId },
        ),
        "not_found",
        "Invitation not found",
      );
    }
    expect(await describeInvitation(code)).toMatchObject({ status: "valid" });
  });

  it("refuses an accepted invitation with a conflict", async () => {
    const { organization, owner, invitation, email } = await ownerInvites();
    await db.invitation.update({ where: { id: invitation.id }, data: { acceptedAt: new Date() } });
    await expectAppError(
      revokeInvitation(
        { principal: { kind: "user", userId: owner.id, ip: IP }, organizationId: organization.id },
        { invitationId: invitation.id },
      ),
      "conflict",
      `${email} has already accepted this invitation. Remove the member instead.`,
    );
  });
});

describe("describeInvitation", () => {
  it("describes a valid invitation for the invite page", async () => {
    const { organization, owner, code, email, invitation } = await ownerInvites({ role: "OWNER" });
    expect(await describeInvitation(code)).toEqual({
      status: "valid",
      organizationId: organization.id,
      organizationName: organization.name,
      requireTwoFactor: false,
      role: "OWNER",
      email,
      invitedBy: { name: "Test User", email: owner.email },
      expiresAt: invitation.expiresAt,
    });
  });

  it("says expired after 7 days, and unknown for an unknown or malformed code", async () => {
    const { code, invitation } = await ownerInvites();
    await db.invitation.update({
      where: { id: invitation.id },
      data: { expiresAt: new Date(Date.now() - 1) },
    });
    expect(await describeInvitation(code)).toMatchObject({ status: "expired" });
    for (const malformed of ["A".repeat(43), "short", "", "%00../../x", "A".repeat(5000), null]) {
      expect(await describeInvitation(malformed)).toEqual({ status: "unknown" });
    }
  });
});

describe("who may invite, revoke and list", () => {
  it("refuses admins, members and outsiders inside the services: no invitation made or revoked", async () => {
    const { organization, invitation, code } = await ownerInvites();
    const organizationId = organization.id;
    const admin = await createTestUser({ organizationId, role: "ADMIN" });
    const member = await createTestUser({ organizationId, role: "MEMBER" });
    const outsider = await createTestTenant();
    const email = inviteeEmail();
    for (const userId of [admin.user.id, member.user.id, outsider.user.id]) {
      const actor = { kind: "user", userId, ip: IP } as const;
      await expectAppError(
        createInvitation({ principal: actor, organizationId }, { email, role: "OWNER" }),
        "forbidden",
      );
      await expectAppError(
        revokeInvitation({ principal: actor, organizationId }, { invitationId: invitation.id }),
        "forbidden",
      );
    }
    expect(await db.invitation.count({ where: { organizationId, email } })).toBe(0);
    expect(await describeInvitation(code)).toMatchObject({ status: "valid" });
  });

  it("lists pending invitations to every member, and to no one outside", async () => {
    const { organization } = await ownerInvites();
    const member = await createTestUser({ organizationId: organization.id, role: "MEMBER" });
    const outsider = await createTestTenant();
    const asUser = (userId: string) => ({ kind: "user", userId, ip: null }) as const;
    await expect(
      listPendingInvitations(asUser(member.user.id), organization.id),
    ).resolves.toHaveLength(1);
    await expectAppError(
      listPendingInvitations(asUser(outsider.user.id), organization.id),
      "forbidden",
    );
  });
});
