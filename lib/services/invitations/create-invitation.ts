import "server-only";
import type { ServiceContext } from "@/lib/auth/principal";
import { clock } from "@/lib/clock";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { Role } from "@/lib/generated/prisma/enums";
import { recordAuditEvent } from "@/lib/services/audit/record-audit-event";
import { authorize } from "@/lib/services/authorize";
import { assertEmailVerified } from "@/lib/services/verified-address";
import { lockInvitationSending } from "@/lib/sql";
import { INVITATION_VALID_DAYS } from "@/lib/validations/invitations";
import { generateInvitationCode, hashInvitationCode, invitationPath } from "./codes";
import { invitationEmailConfigured } from "./invitation-email";
import {
  assertInvitationAllowed,
  configuredInvitationLimits,
  recipientMayBeEmailed,
} from "./invitation-limits";
import { pendingInvitationWhere } from "./pending";

const DAY_MS = 24 * 60 * 60 * 1000;

export interface InvitationInput {
  /** Trimmed and lower-cased here too, whatever the caller did. */
  email: string;
  role: Role;
}

/**
 * What to do about the invitation's email: send it; withhold it (the address has had its
 * invitation emails for the day, which the inviter is not told: the link is theirs to
 * send); or nothing, without SMTP_URL.
 */
export type InvitationEmailing = "send" | "withheld" | "not_configured";

export interface CreatedInvitation {
  invitation: {
    id: string;
    email: string;
    role: Role;
    expiresAt: Date;
    organizationName: string;
    /** The organization requires two-factor authentication (the email says so). */
    requireTwoFactor: boolean;
    invitedBy: { name: string | null; email: string };
  };
  /** The secret part of the link: returned once, never stored (only its hash is). */
  code: string;
  /** `/invite/<code>`: the page the invitee opens. */
  inviteUrlPath: string;
  emailing: InvitationEmailing;
}

function emailRefused(message: string): AppError {
  return new AppError("conflict", message, { fieldErrors: { email: [message] } });
}

/**
 * Invites `email` to join the organization with `role`, valid 7 days. Refused when the
 * address already belongs to a member, or already has a pending invitation (the owner
 * revokes that one to send a new link), or when the organization has created its
 * invitations for the day; not to be emailed when the address has had its invitation
 * emails for the day (invitation-limits.ts). Records `member.invited` in the same
 * transaction. The principal must hold members:manage.
 */
export async function createInvitation(
  ctx: ServiceContext,
  input: InvitationInput,
): Promise<CreatedInvitation> {
  const { organizationId, principal } = ctx;
  const email = input.email.trim().toLowerCase();
  const code = generateInvitationCode();
  const now = clock.now();

  const invitation = await db.$transaction(async (tx) => {
    // Two owners pressing Invite at once, or a burst of creations racing the daily limits:
    // the second waits here, then sees the first's invitation. (No unique index can keep
    // one pending invitation per address: accepted, revoked and expired ones stay as
    // history, and the limits count them.)
    await lockInvitationSending(tx, organizationId, email);
    await authorize(tx, principal, organizationId, "members:manage");
    // An invitation is an email in MailShield's name: only from a verified address.
    await assertEmailVerified(tx, principal);

    // Pending first, then membership: an acceptance committing between the two reads
    // leaves either a pending invitation or a member to refuse.
    const pending = await tx.invitation.findFirst({
      where: { organizationId, email, ...pendingInvitationWhere(now) },
      select: { id: true },
    });
    if (pending) {
      throw emailRefused(`${email} already has a pending invitation. Revoke it to send a new one.`);
    }
    const member = await tx.membership.findFirst({
      where: { organizationId, user: { email } },
      select: { id: true },
    });
    if (member) throw emailRefused(`${email} is already a member of this organization.`);
    const limits = configuredInvitationLimits();
    await assertInvitationAllowed(tx, { organizationId, now, limits });
    // Decided here, under the address's lock, and recorded before the email is attempted:
    // creations racing from several organizations cannot all see the address's room left.
    // Nothing is emailed without SMTP_URL, so nothing counts then.
    const emailing: InvitationEmailing = !invitationEmailConfigured()
      ? "not_configured"
      : (await recipientMayBeEmailed(tx, { email, now, limits }))
        ? "send"
        : "withheld";

    const created = await tx.invitation.create({
      data: {
        organizationId,
        email,
        role: input.role,
        codeHash: hashInvitationCode(code),
        invitedById: principal.kind === "user" ? principal.userId : null,
        createdAt: now,
        emailAttempted: emailing === "send",
        expiresAt: new Date(now.getTime() + INVITATION_VALID_DAYS * DAY_MS),
      },
      select: {
        id: true,
        email: true,
        role: true,
        expiresAt: true,
        organization: { select: { name: true, requireTwoFactor: true } },
        invitedBy: { select: { name: true, email: true } },
      },
    });
    await recordAuditEvent(tx, {
      organizationId,
      actor: principal,
      action: "member.invited",
      targetType: "invitation",
      targetId: created.id,
      metadata: { email, role: input.role },
    });
    return { ...created, emailing };
  });

  const { organization, invitedBy, emailing, ...rest } = invitation;
  return {
    invitation: {
      ...rest,
      organizationName: organization.name,
      requireTwoFactor: organization.requireTwoFactor,
      invitedBy: invitedBy ?? { name: null, email: "" },
    },
    code,
    inviteUrlPath: invitationPath(code),
    emailing,
  };
}
