import "server-only";
import type { Principal } from "@/lib/auth/principal";
import { clock } from "@/lib/clock";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { Role } from "@/lib/generated/prisma/enums";
import { lockInvitationSending } from "@/lib/hot-path";
import { recordAuditEvent } from "@/lib/services/audit/record-audit-event";
import { authorize } from "@/lib/services/authorize";
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

export interface CreateInvitationParams {
  organizationId: string;
  /** Who invites; must hold members:manage. */
  actor: Principal;
  /** Trimmed and lower-cased here too, whatever the caller did. */
  email: string;
  role: Role;
  /** The clock: the invitation's creation and expiry, and the daily limits' window. */
  now?: Date;
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
 * transaction.
 */
export async function createInvitation(params: CreateInvitationParams): Promise<CreatedInvitation> {
  const email = params.email.trim().toLowerCase();
  const code = generateInvitationCode();
  const now = params.now ?? clock.now();

  const invitation = await db.$transaction(async (tx) => {
    // Two owners pressing Invite at once, or a burst of creations racing the daily limits:
    // the second waits here, then sees the first's invitation. (No unique index can keep
    // one pending invitation per address: accepted, revoked and expired ones stay as
    // history, and the limits count them.)
    await lockInvitationSending(tx, params.organizationId, email);
    await authorize(tx, params.actor, params.organizationId, "members:manage");

    // Pending first, then membership: an acceptance committing between the two reads
    // leaves either a pending invitation or a member to refuse.
    const pending = await tx.invitation.findFirst({
      where: { organizationId: params.organizationId, email, ...pendingInvitationWhere(now) },
      select: { id: true },
    });
    if (pending) {
      throw emailRefused(`${email} already has a pending invitation. Revoke it to send a new one.`);
    }
    const member = await tx.membership.findFirst({
      where: { organizationId: params.organizationId, user: { email } },
      select: { id: true },
    });
    if (member) throw emailRefused(`${email} is already a member of this organization.`);
    const limits = configuredInvitationLimits();
    await assertInvitationAllowed(tx, { organizationId: params.organizationId, now, limits });
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
        organizationId: params.organizationId,
        email,
        role: params.role,
        codeHash: hashInvitationCode(code),
        invitedById: params.actor.kind === "user" ? params.actor.userId : null,
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
      organizationId: params.organizationId,
      actor: params.actor,
      action: "member.invited",
      targetType: "invitation",
      targetId: created.id,
      metadata: { email, role: params.role },
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
