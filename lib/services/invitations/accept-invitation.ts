import "server-only";
import { clock } from "@/lib/clock";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import { recordAuditEvent } from "@/lib/services/audit/record-audit-event";
import { hashInvitationCode } from "./codes";
import { findInvitationByCode } from "./find-by-code";
import { type InvitationStatus, invitationStatus, pendingInvitationWhere } from "./pending";

export const INVALID_INVITATION_MESSAGE = "This invitation link is not valid.";

/** Why an invitation that exists cannot be accepted, in the words the invitee reads. */
export function unusableInvitationMessage(
  status: Exclude<InvitationStatus, "valid">,
  organizationName: string,
): string {
  switch (status) {
    case "accepted":
      return "This invitation has already been used.";
    case "revoked":
      return `This invitation was revoked. Ask an owner of ${organizationName} for a new one.`;
    case "expired":
      return `This invitation has expired. Ask an owner of ${organizationName} for a new one.`;
  }
}

export interface JoinParams {
  code: string;
  user: { id: string; email: string };
  ip: string | null;
}

/**
 * Accepts an invitation inside the caller's transaction (sign-up creates the user in the
 * same one). Single use even when two requests race: one conditional UPDATE claims the
 * invitation, and only the request that claimed it creates the membership. Only the
 * invited address may accept. Returns the organization joined, and whether the invitation
 * was emailed to that address (whoever followed it then proved the mailbox, as a
 * verification link would).
 */
export async function joinWithInvitation(
  tx: Prisma.TransactionClient,
  { code, user, ip }: JoinParams,
): Promise<{ organizationId: string; emailed: boolean }> {
  const invitation = await findInvitationByCode(tx, code);
  if (!invitation) throw new AppError("not_found", INVALID_INVITATION_MESSAGE);
  const organization = invitation.organization;

  const status = invitationStatus(invitation);
  if (status !== "valid") {
    throw new AppError("conflict", unusableInvitationMessage(status, organization.name));
  }
  if (user.email !== invitation.email) {
    throw new AppError(
      "forbidden",
      `This invitation is for ${invitation.email}. Sign in with that address to accept it.`,
    );
  }
  const alreadyMember = () =>
    new AppError("conflict", `You are already a member of ${organization.name}.`);
  const membership = await tx.membership.findUnique({
    where: { organizationId_userId: { organizationId: organization.id, userId: user.id } },
    select: { id: true },
  });
  if (membership) throw alreadyMember();

  // The claim: one conditional UPDATE. Whichever request updates the row first wins; a
  // concurrent one waits on the row lock, re-checks the condition and updates nothing.
  const now = clock.now();
  // The code too: a link replaced meanwhile (Copy link, Resend) no longer opens it.
  const { count: claimed } = await tx.invitation.updateMany({
    where: {
      id: invitation.id,
      codeHash: hashInvitationCode(code),
      ...pendingInvitationWhere(now),
    },
    data: { acceptedAt: now, acceptedById: user.id },
  });
  if (claimed !== 1) {
    const current = await tx.invitation.findUniqueOrThrow({
      where: { id: invitation.id },
      select: { acceptedAt: true, revokedAt: true, expiresAt: true },
    });
    const after = invitationStatus(current, now);
    // Still pending, so its link was replaced: this one is as unknown as any other.
    if (after === "valid") throw new AppError("not_found", INVALID_INVITATION_MESSAGE);
    throw new AppError("conflict", unusableInvitationMessage(after, organization.name));
  }

  try {
    await tx.membership.create({
      data: { organizationId: organization.id, userId: user.id, role: invitation.role },
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      throw alreadyMember();
    }
    throw error;
  }
  await recordAuditEvent(tx, {
    organizationId: organization.id,
    actor: { kind: "user", userId: user.id, ip },
    action: "member.joined",
    targetType: "user",
    targetId: user.id,
    metadata: {
      email: user.email,
      role: invitation.role,
      ...(invitation.invitedBy ? { invitedBy: invitation.invitedBy.email } : {}),
    },
  });
  return { organizationId: organization.id, emailed: invitation.emailAttempted };
}

export interface AcceptInvitationParams {
  code: string;
  userId: string;
  ip: string | null;
}

/** A signed-in user accepts an invitation: see joinWithInvitation. */
export async function acceptInvitation(
  params: AcceptInvitationParams,
): Promise<{ organizationId: string }> {
  return db.$transaction(async (tx) => {
    const user = await tx.user.findUnique({
      where: { id: params.userId },
      select: { id: true, email: true },
    });
    if (!user) throw new AppError("unauthorized", "Sign in again to accept this invitation.");
    const { organizationId } = await joinWithInvitation(tx, {
      code: params.code,
      user,
      ip: params.ip,
    });
    return { organizationId };
  });
}
