import "server-only";
import { db } from "@/lib/db";
import type { Role } from "@/lib/generated/prisma/enums";
import { findInvitationByCode } from "./find-by-code";
import { type InvitationStatus, invitationStatus } from "./pending";

export type InvitationDescription =
  | { status: "unknown" }
  | {
      status: InvitationStatus;
      organizationId: string;
      organizationName: string;
      /** The organization requires two-factor authentication of its members. */
      requireTwoFactor: boolean;
      role: Role;
      email: string;
      /** Null when the inviter's account has since been deleted. */
      invitedBy: { name: string | null; email: string } | null;
      expiresAt: Date;
    };

/**
 * What the invite page shows for a code. Any string is accepted: a malformed or unknown
 * code is simply `unknown` (the page says so), never an error.
 */
export async function describeInvitation(code: unknown): Promise<InvitationDescription> {
  const invitation = await findInvitationByCode(db, code);
  if (!invitation) return { status: "unknown" };
  return {
    status: invitationStatus(invitation),
    organizationId: invitation.organization.id,
    organizationName: invitation.organization.name,
    requireTwoFactor: invitation.organization.requireTwoFactor,
    role: invitation.role,
    email: invitation.email,
    invitedBy: invitation.invitedBy,
    expiresAt: invitation.expiresAt,
  };
}

/** Whether the user already belongs to the organization (the invite page says so). */
export async function isMemberOf(organizationId: string, userId: string): Promise<boolean> {
  const membership = await db.membership.findUnique({
    where: { organizationId_userId: { organizationId, userId } },
    select: { id: true },
  });
  return membership !== null;
}
