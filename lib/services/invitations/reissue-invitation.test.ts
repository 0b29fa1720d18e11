import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { reloadConfig } from "@/lib/config";
import { db } from "@/lib/db";
import { holdClock } from "@/test/clock";
import { expectAppError } from "@/test/expect-app-error";
import { createTestTenant, createTestUser } from "@/test/factories";
import { hashInvitationCode } from "./codes";
import { createInvitation } from "./create-invitation";
import { findInvitationByCode } from "./find-by-code";
import { reissueInvitationLink, resendInvitation } from "./reissue-invitation";
import { revokeInvitation } from "./revoke-invitation";
import { auditEvents, IP, inviteeEmail, ownerInvites } from "./test-invitations";

// Copy link and Resend on a pending invitation. Only a code's SHA-256 is stored, so the
// link sent before cannot be shown again: both replace the code (the old link stops
// working) with a fresh 7 days, and record the old and new expiry. Resend counts as one more
// invitation email in the daily limits.

afterAll(async () => {
  await db.$disconnect();
});

const DAY_MS = 24 * 60 * 60 * 1000;

function ownerContext(organizationId: string, userId: string) {
  return { principal: { kind: "user" as const, userId, ip: IP }, organizationId };
}

describe("reissueInvitationLink (Copy link)", () => {
  it("replaces the code: the new link opens the invitation, the old one nothing; 7 fresh days, audited", async () => {
    const clock = holdClock();
    const { organization, owner, invitation, code: oldCode } = await ownerInvites();
    const before = await db.invitation.findUniqueOrThrow({ where: { id: invitation.id } });
    clock.advance(2 * DAY_MS);

    const ctx = ownerContext(organization.id, owner.id);
    const reissued = await reissueInvitationLink(ctx, { invitationId: invitation.id });

    expect(reissued.code).not.toBe(oldCode);
    expect(reissued.inviteUrlPath).toBe(`/invite/${reissued.code}`);
    expect(await findInvitationByCode(db, oldCode)).toBeNull();
    expect(await findInvitationByCode(db, reissued.code)).toMatchObject({ id: invitation.id });
    const row = await db.invitation.findUniqueOrThrow({ where: { id: invitation.id } });
    expect(row.codeHash).toBe(hashInvitationCode(reissued.code));
    expect(row.expiresAt.getTime()).toBe(clock.now().getTime() + 7 * DAY_MS);
    // Nothing was emailed: Copy link never counts against the address's emails.
    expect(row.emailAttempted).toBe(before.emailAttempted);
    await expect(
      db.invitationResend.count({ where: { invitationId: invitation.id } }),
    ).resolves.toBe(0);

    const events = await auditEvents(organization.id, "member.invitation_reissued");
    expect(events).toEqual([
      {
        actorId: owner.id,
        targetId: invitation.id,
        ip: IP,
        metadata: {
          email: invitation.email,
          role: invitation.role,
          changes: {
            expiresAt: {
              before: before.expiresAt.toISOString(),
              after: row.expiresAt.toISOString(),
            },
          },
        },
      },
    ]);
    expect(JSON.stringify(events)).not.toContain(reissued.code);
  });

  it("refuses an invitation no longer pending, another organization's, and a non-owner", async () => {
    const { organization, owner, invitation } = await ownerInvites();
    const ctx = ownerContext(organization.id, owner.id);
    const other = await createTestTenant();
    await expectAppError(
      reissueInvitationLink(ownerContext(other.organization.id, other.user.id), {
        invitationId: invitation.id,
      }),
      "not_found",
    );
    const admin = await createTestUser({ organizationId: organization.id, role: "ADMIN" });
    await expectAppError(
      reissueInvitationLink(ownerContext(organization.id, admin.user.id), {
        invitationId: invitation.id,
      }),
      "forbidden",
    );
    await revokeInvitation(ctx, { invitationId: invitation.id });
    const refused = await expectAppError(
      reissueInvitationLink(ctx, { invitationId: invitation.id }),
      "conflict",
    );
    expect(refused.message).toBe(
      `The invitation to ${invitation.email} was revoked. Invite them again instead.`,
    );
    await expectAppError(reissueInvitationLink(ctx, { invitationId: "nope" }), "not_found");
  });
});

describe("resendInvitation (Resend)", () => {
  beforeAll(() => {
    // The service only decides; the action sends. SMTP_URL must merely be set.
    process.env.SMTP_URL = "smtp://127.0.0.1:2525";
    reloadConfig();
  });
  afterAll(() => {
    delete process.env.SMTP_URL;
    reloadConfig();
  });
  afterEach(() => {
    delete process.env.INVITATION_ORG_LIMIT;
    reloadConfig();
  });

  it("replaces the code, counts one email to the address and records the resend", async () => {
    const { organization, owner, invitation, code: oldCode } = await ownerInvites();
    const ctx = ownerContext(organization.id, owner.id);
    const resent = await resendInvitation(ctx, { invitationId: invitation.id });
    expect(await findInvitationByCode(db, oldCode)).toBeNull();
    expect(await findInvitationByCode(db, resent.code)).toMatchObject({ id: invitation.id });
    expect(resent.invitation).toMatchObject({ email: invitation.email, role: invitation.role });
    await expect(
      db.invitationResend.count({
        where: { invitationId: invitation.id, email: invitation.email },
      }),
    ).resolves.toBe(1);
    const [event] = await auditEvents(organization.id, "member.invitation_resent");
    expect(event).toMatchObject({
      actorId: owner.id,
      targetId: invitation.id,
      metadata: { email: invitation.email, changes: { expiresAt: {} } },
    });
  });

  it("stops at the address's third invitation email of the day, the invitation's own included", async () => {
    const { organization, owner, invitation } = await ownerInvites();
    const ctx = ownerContext(organization.id, owner.id);
    // Created with its email (1), then resent twice (2, 3): a fourth email is refused.
    await resendInvitation(ctx, { invitationId: invitation.id });
    await resendInvitation(ctx, { invitationId: invitation.id });
    const refused = await expectAppError(
      resendInvitation(ctx, { invitationId: invitation.id }),
      "rate_limited",
    );
    expect(refused.message).toBe(
      `MailShield cannot email ${invitation.email} again today. Use Copy link and send the link yourself.`,
    );
    // Refused before anything changed: no new code, no resend, no event.
    await expect(
      db.invitationResend.count({ where: { invitationId: invitation.id } }),
    ).resolves.toBe(2);
    await expect(auditEvents(organization.id, "member.invitation_resent")).resolves.toHaveLength(2);
    // Copy link still works: the owner sends the link themselves.
    await expect(
      reissueInvitationLink(ctx, { invitationId: invitation.id }),
    ).resolves.toMatchObject({
      invitation: { id: invitation.id },
    });
  });

  it("counts resends in the organization's daily invitations", async () => {
    process.env.INVITATION_ORG_LIMIT = "2";
    reloadConfig();
    const { organization, owner, invitation } = await ownerInvites();
    const ctx = ownerContext(organization.id, owner.id);
    await resendInvitation(ctx, { invitationId: invitation.id });
    await expectAppError(
      createInvitation(ctx, { email: inviteeEmail(), role: "MEMBER" }),
      "rate_limited",
    );
    await expectAppError(resendInvitation(ctx, { invitationId: invitation.id }), "rate_limited");
  });

  it("is refused without email delivery, pointing to Copy link", async () => {
    const { organization, owner, invitation } = await ownerInvites();
    delete process.env.SMTP_URL;
    reloadConfig();
    try {
      const refused = await expectAppError(
        resendInvitation(ownerContext(organization.id, owner.id), { invitationId: invitation.id }),
        "conflict",
      );
      expect(refused.message).toContain("use Copy link");
    } finally {
      process.env.SMTP_URL = "smtp://127.0.0.1:2525";
      reloadConfig();
    }
  });
});
