import "server-only";
import type { AuditAction } from "@/lib/audit/actions";
import type { ServiceContext } from "@/lib/auth/principal";
import { clock } from "@/lib/clock";
import { db } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { Role } from "@/lib/generated/prisma/enums";
import { recordAuditEvent } from "@/lib/services/audit/record-audit-event";
import { authorize } from "@/lib/services/authorize";
import { assertEmailVerified } from "@/lib/services/verified-address";
import { lockInvitationSending } from "@/lib/sql";
import { INVITATION_VALID_DAYS } from "@/lib/validations/invitations";
import { isUuid } from "@/lib/validations/uuid";
import { generateInvitationCode, hashInvitationCode, invitationPath } from "./codes";
import { invitationEmailConfigured } from "./invitation-email";
import {
  assertInvitationAllowed,
  configuredInvitationLimits,
  recipientMayBeEmailed,
} from "./invitation-limits";
import { invitationStatus, pendingInvitationWhere } from "./pending";

// A pending invitation's link again, for Copy link and Resend. Only the SHA-256 of a link's
// code is stored, so the link sent before cannot be shown again: both make a new code (the
// old link stops working at once) valid INVITATION_VALID_DAYS from now, and record it.
// Resend also emails it, within the same daily limits as new invitations, which count it.

const DAY_MS = 24 * 60 * 60 * 1000;

export interface InvitationLinkInput {
  invitationId: string;
}

export interface ReissuedInvitation {
  invitation: {
    id: string;
    email: string;
    role: Role;
    expiresAt: Date;
    organizationName: string;
    requireTwoFactor: boolean;
    invitedBy: { name: string | null; email: string };
  };
  /** The secret part of the new link: returned once, never stored (only its hash is). */
  code: string;
  inviteUrlPath: string;
}

export const EMAIL_NOT_CONFIGURED_MESSAGE =
  "Email delivery is not set up on this server: use Copy link and send the link yourself.";

/** Why an invitation that is no longer pending cannot get a new link. */
function notPendingMessage(status: "accepted" | "revoked" | "expired", email: string): string {
  switch (status) {
    case "accepted":
      return `${email} has already accepted this invitation.`;
    case "revoked":
      return `The invitation to ${email} was revoked. Invite them again instead.`;
    case "expired":
      return `The invitation to ${email} has expired. Invite them again instead.`;
  }
}

const invitationSelect = {
  id: true,
  email: true,
  role: true,
  expiresAt: true,
  acceptedAt: true,
  revokedAt: true,
  organization: { select: { name: true, requireTwoFactor: true } },
  invitedBy: { select: { name: true, email: true } },
} satisfies Prisma.InvitationSelect;

/** The organization's invitation, refused unless it is still pending. */
async function pendingInvitation(
  tx: Prisma.TransactionClient,
  organizationId: string,
  invitationId: string,
  now: Date,
) {
  if (!isUuid(invitationId)) throw notFound("Invitation");
  const invitation = await tx.invitation.findFirst({
    where: { id: invitationId, organizationId },
    select: invitationSelect,
  });
  if (!invitation) throw notFound("Invitation");
  const status = invitationStatus(invitation, now);
  if (status !== "valid") {
    throw new AppError("conflict", notPendingMessage(status, invitation.email));
  }
  return invitation;
}

/**
 * Gives the invitation a new code and expiry, if it is still pending (the update's own
 * condition: an acceptance or revocation committing meanwhile wins), and records `action`.
 */
async function replaceCode(
  tx: Prisma.TransactionClient,
  ctx: ServiceContext,
  invitation: Awaited<ReturnType<typeof pendingInvitation>>,
  action: AuditAction,
  now: Date,
): Promise<ReissuedInvitation> {
  const code = generateInvitationCode();
  const expiresAt = new Date(now.getTime() + INVITATION_VALID_DAYS * DAY_MS);
  const { count } = await tx.invitation.updateMany({
    where: { id: invitation.id, ...pendingInvitationWhere(now) },
    data: { codeHash: hashInvitationCode(code), expiresAt },
  });
  if (count === 0) {
    throw new AppError("conflict", `The invitation to ${invitation.email} is no longer pending.`);
  }
  await recordAuditEvent(tx, {
    organizationId: ctx.organizationId,
    actor: ctx.principal,
    action,
    targetType: "invitation",
    targetId: invitation.id,
    metadata: {
      email: invitation.email,
      role: invitation.role,
      changes: {
        expiresAt: { before: invitation.expiresAt.toISOString(), after: expiresAt.toISOString() },
      },
    },
  });
  const { organization, invitedBy } = invitation;
  return {
    invitation: {
      id: invitation.id,
      email: invitation.email,
      role: invitation.role,
      expiresAt,
      organizationName: organization.name,
      requireTwoFactor: organization.requireTwoFactor,
      invitedBy: invitedBy ?? { name: null, email: "" },
    },
    code,
    inviteUrlPath: invitationPath(code),
  };
}

/**
 * Copy link: a new link for a pending invitation, to be copied by the owner (nothing is
 * emailed). The link sent before stops working. Records `member.invitation_reissued` with the
 * old and new expiry. The principal must hold members:manage, from a verified address.
 */
export async function reissueInvitationLink(
  ctx: ServiceContext,
  input: InvitationLinkInput,
): Promise<ReissuedInvitation> {
  const { organizationId, principal } = ctx;
  return db.$transaction(async (tx) => {
    const now = clock.now();
    await authorize(tx, principal, organizationId, "members:manage", { now });
    // A link is MailShield's invitation in the owner's hands: as for a new one.
    await assertEmailVerified(tx, principal);
    const invitation = await pendingInvitation(tx, organizationId, input.invitationId, now);
    return replaceCode(tx, ctx, invitation, "member.invitation_reissued", now);
  });
}

/**
 * Resend: a new link for a pending invitation, to be emailed (by the caller, once this has
 * committed, through sendInvitationEmail). Refused without email delivery, past the
 * organization's daily invitations (creations and resends together), and when the address
 * has had its invitation emails for the day (then the owner copies the link instead; why
 * stays unsaid, since other organizations' emails count too). Records
 * `member.invitation_resent` and counts one email to the address.
 */
export async function resendInvitation(
  ctx: ServiceContext,
  input: InvitationLinkInput,
): Promise<ReissuedInvitation> {
  const { organizationId, principal } = ctx;
  if (!invitationEmailConfigured()) throw new AppError("conflict", EMAIL_NOT_CONFIGURED_MESSAGE);
  return db.$transaction(async (tx) => {
    const now = clock.now();
    await authorize(tx, principal, organizationId, "members:manage", { now });
    await assertEmailVerified(tx, principal);
    const found = await pendingInvitation(tx, organizationId, input.invitationId, now);
    // The same locks as a new invitation: the limits below are judged against every
    // creation and resend to this organization and this address, none racing past them.
    await lockInvitationSending(tx, organizationId, found.email);
    const limits = configuredInvitationLimits();
    await assertInvitationAllowed(tx, { organizationId, now, limits });
    if (!(await recipientMayBeEmailed(tx, { email: found.email, now, limits }))) {
      throw new AppError(
        "rate_limited",
        `MailShield cannot email ${found.email} again today. Use Copy link and send the link yourself.`,
      );
    }
    // Read again under the locks: a revocation may have committed while waiting.
    const invitation = await pendingInvitation(tx, organizationId, found.id, now);
    const reissued = await replaceCode(tx, ctx, invitation, "member.invitation_resent", now);
    await tx.invitationResend.create({
      data: {
        invitationId: invitation.id,
        organizationId,
        email: invitation.email,
        createdAt: now,
      },
    });
    return reissued;
  });
}
