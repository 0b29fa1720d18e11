import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { expectAppError } from "@/test/expect-app-error";
import { createTestUser } from "@/test/factories";
import { acceptInvitation } from "./accept-invitation";
import { describeInvitation } from "./describe-invitation";
import { revokeInvitation } from "./revoke-invitation";
import { auditEvents, existingUser, IP, ownerInvites } from "./test-invitations";

afterAll(async () => {
  await db.$disconnect();
});

const DAY_MS = 24 * 60 * 60 * 1000;

function membershipsOf(organizationId: string, userId: string) {
  return db.membership.findMany({ where: { organizationId, userId }, select: { role: true } });
}

describe("acceptInvitation", () => {
  it("makes the invited user a member with the invited role, once, and records member.joined", async () => {
    const { organization, owner, code, email, invitation } = await ownerInvites({ role: "ADMIN" });
    const user = await existingUser(email);

    await expect(acceptInvitation({ code, userId: user.id, ip: IP })).resolves.toEqual({
      organizationId: organization.id,
    });
    expect(await membershipsOf(organization.id, user.id)).toEqual([{ role: "ADMIN" }]);
    const row = await db.invitation.findUniqueOrThrow({ where: { id: invitation.id } });
    expect(row.acceptedById).toBe(user.id);
    expect(row.acceptedAt).not.toBeNull();
    expect(await describeInvitation(code)).toMatchObject({ status: "accepted" });
    expect(await auditEvents(organization.id, "member.joined")).toEqual([
      {
        actorId: user.id,
        targetId: user.id,
        metadata: { email, role: "ADMIN", invitedBy: owner.email },
        ip: IP,
      },
    ]);
  });

  it("refuses a second use of the link", async () => {
    const { organization, code, email } = await ownerInvites();
    const user = await existingUser(email);
    await acceptInvitation({ code, userId: user.id, ip: IP });
    await expectAppError(
      acceptInvitation({ code, userId: user.id, ip: IP }),
      "conflict",
      "This invitation has already been used.",
    );
    expect(await auditEvents(organization.id, "member.joined")).toHaveLength(1);
  });

  it("lets exactly one of two concurrent accepts through", async () => {
    const { organization, code, email } = await ownerInvites();
    const user = await existingUser(email);
    const results = await Promise.allSettled(
      Array.from({ length: 4 }, () => acceptInvitation({ code, userId: user.id, ip: IP })),
    );
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    for (const result of results) {
      if (result.status === "rejected") expect(result.reason).toMatchObject({ code: "conflict" });
    }
    expect(await membershipsOf(organization.id, user.id)).toHaveLength(1);
    expect(await auditEvents(organization.id, "member.joined")).toHaveLength(1);
  });

  it("refuses an invitation sent 7 days ago", async () => {
    const { organization, code, email, invitation } = await ownerInvites();
    const sent = new Date(Date.now() - 7 * DAY_MS);
    await db.invitation.update({
      where: { id: invitation.id },
      data: { createdAt: sent, expiresAt: new Date(sent.getTime() + 7 * DAY_MS) },
    });
    const user = await existingUser(email);
    await expectAppError(
      acceptInvitation({ code, userId: user.id, ip: IP }),
      "conflict",
      `This invitation has expired. Ask an owner of ${organization.name} for a new one.`,
    );
    expect(await membershipsOf(organization.id, user.id)).toEqual([]);
  });

  it("refuses a revoked invitation", async () => {
    const { organization, owner, code, email, invitation } = await ownerInvites();
    await revokeInvitation(
      { principal: { kind: "user", userId: owner.id, ip: IP }, organizationId: organization.id },
      { invitationId: invitation.id },
    );
    const user = await existingUser(email);
    await expectAppError(
      acceptInvitation({ code, userId: user.id, ip: IP }),
      "conflict",
      `This invitation was revoked. Ask an owner of ${organization.name} for a new one.`,
    );
    expect(await membershipsOf(organization.id, user.id)).toEqual([]);
    expect(await auditEvents(organization.id, "member.joined")).toEqual([]);
  });

  it("decides an acceptance racing a revocation one way: member, or revoked", async () => {
    for (let round = 0; round < 5; round += 1) {
      const { organization, owner, code, email, invitation } = await ownerInvites();
      const user = await existingUser(email);
      const [accepted, revoked] = await Promise.allSettled([
        acceptInvitation({ code, userId: user.id, ip: IP }),
        revokeInvitation(
          {
            principal: { kind: "user", userId: owner.id, ip: IP },
            organizationId: organization.id,
          },
          { invitationId: invitation.id },
        ),
      ]);
      const row = await db.invitation.findUniqueOrThrow({ where: { id: invitation.id } });
      const members = await membershipsOf(organization.id, user.id);
      if (accepted.status === "fulfilled") {
        expect(revoked.status).toBe("rejected");
        expect(row.revokedAt).toBeNull();
        expect(members).toHaveLength(1);
      } else {
        expect(revoked.status).toBe("fulfilled");
        expect(row.acceptedAt).toBeNull();
        expect(members).toEqual([]);
      }
    }
  });

  it("refuses another address, naming the one the invitation is for, and leaves it usable", async () => {
    const { organization, code, email } = await ownerInvites();
    const someoneElse = await existingUser(`other-${email}`);
    await expectAppError(
      acceptInvitation({ code, userId: someoneElse.id, ip: IP }),
      "forbidden",
      `This invitation is for ${email}. Sign in with that address to accept it.`,
    );
    expect(await membershipsOf(organization.id, someoneElse.id)).toEqual([]);
    expect(await describeInvitation(code)).toMatchObject({ status: "valid" });
  });

  it("tells an existing member they already belong, without using the invitation", async () => {
    const { organization, code, email } = await ownerInvites({ role: "OWNER" });
    // Joined some other way since the invitation was sent.
    const { user } = await createTestUser({
      organizationId: organization.id,
      role: "MEMBER",
      email,
    });
    await expectAppError(
      acceptInvitation({ code, userId: user.id, ip: IP }),
      "conflict",
      `You are already a member of ${organization.name}.`,
    );
    expect(await membershipsOf(organization.id, user.id)).toEqual([{ role: "MEMBER" }]);
  });

  it("answers an unknown or malformed code with not found", async () => {
    const { email } = await ownerInvites();
    const user = await existingUser(email);
    for (const code of ["B".repeat(43), "nope", ""]) {
      await expectAppError(
        acceptInvitation({ code, userId: user.id, ip: IP }),
        "not_found",
        "This invitation link is not valid.",
      );
    }
  });
});
