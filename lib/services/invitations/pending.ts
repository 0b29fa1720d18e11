import "server-only";
import { clock } from "@/lib/clock";
import type { Prisma } from "@/lib/generated/prisma/client";

/** Invitations that can still be accepted: neither accepted nor revoked, not expired. */
export function pendingInvitationWhere(now: Date = clock.now()): Prisma.InvitationWhereInput {
  return { acceptedAt: null, revokedAt: null, expiresAt: { gt: now } };
}

export type InvitationStatus = "valid" | "expired" | "revoked" | "accepted";

/** Why an invitation can or cannot be accepted, the first reason that applies. */
export function invitationStatus(
  invitation: { acceptedAt: Date | null; revokedAt: Date | null; expiresAt: Date },
  now: Date = clock.now(),
): InvitationStatus {
  if (invitation.acceptedAt) return "accepted";
  if (invitation.revokedAt) return "revoked";
  if (invitation.expiresAt <= now) return "expired";
  return "valid";
}
