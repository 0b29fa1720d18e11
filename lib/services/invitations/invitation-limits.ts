import "server-only";
import { config } from "@/lib/config";
import { AppError } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import { countOf } from "@/lib/plural";

// Every invitation may be an email from MailShield's sender to an address the inviter
// chose, so in any 24 hours: the invitations an organization creates are bounded (one
// account cannot mail the world), past which it is refused; and the invitation emails one
// address receives from all organizations together are bounded (many accounts cannot flood
// one address), past which invitations are still created but not emailed: refusing them
// would let throwaway accounts keep a real employer from inviting that address, and tell
// the inviter that others had. Both counts are the invitations table itself, exact and
// shared by every instance: revoked, accepted and expired invitations keep their rows, so a
// loop of creating and revoking counts every round. createInvitation decides under its
// locks on the organization and the address, so creations racing each other cannot all
// see room left.

const HOUR_MS = 60 * 60 * 1000;
const INVITATION_LIMIT_WINDOW_MS = 24 * HOUR_MS;

export interface InvitationLimits {
  perOrganization: number;
  emailsPerRecipient: number;
}

export function configuredInvitationLimits(): InvitationLimits {
  const settings = config();
  return {
    perOrganization: settings.INVITATION_ORG_LIMIT,
    emailsPerRecipient: settings.INVITATION_EMAILS_PER_RECIPIENT,
  };
}

/** "30 minutes", "23 hours": the wait rounded up, in minutes under an hour. */
function waitWording(ms: number): string {
  if (ms < HOUR_MS) return countOf(Math.max(1, Math.ceil(ms / 60_000)), "minute");
  return countOf(Math.ceil(ms / HOUR_MS), "hour");
}

/**
 * How long until one more invitation matching `where` fits in the window at `now`, or
 * null when one fits now. Allowed again when the `limit`-th newest in the window ages out.
 */
async function waitForRoom(
  tx: Prisma.TransactionClient,
  where: Prisma.InvitationWhereInput,
  limit: number,
  now: Date,
): Promise<number | null> {
  const since = new Date(now.getTime() - INVITATION_LIMIT_WINDOW_MS);
  const oldestCounted = await tx.invitation.findFirst({
    where: { ...where, createdAt: { gt: since } },
    orderBy: { createdAt: "desc" },
    skip: limit - 1,
    select: { createdAt: true },
  });
  if (!oldestCounted) return null;
  return oldestCounted.createdAt.getTime() + INVITATION_LIMIT_WINDOW_MS - now.getTime();
}

/**
 * Refuses (rate_limited) one more invitation from `organizationId` when it has created its
 * limit in the 24 hours before `now`.
 */
export async function assertInvitationAllowed(
  tx: Prisma.TransactionClient,
  params: { organizationId: string; now: Date; limits: InvitationLimits },
): Promise<void> {
  const { limits } = params;
  const wait = await waitForRoom(
    tx,
    { organizationId: params.organizationId },
    limits.perOrganization,
    params.now,
  );
  if (wait !== null) {
    throw new AppError(
      "rate_limited",
      `This organization has sent the most invitations allowed in 24 hours (${limits.perOrganization}). You can invite again in ${waitWording(wait)}.`,
    );
  }
}

/**
 * Whether one more invitation email may go to `email` (already lower-cased): fewer than the
 * limit were attempted to it, from any organization, in the 24 hours before `now`.
 */
export async function recipientMayBeEmailed(
  tx: Prisma.TransactionClient,
  params: { email: string; now: Date; limits: InvitationLimits },
): Promise<boolean> {
  const wait = await waitForRoom(
    tx,
    { email: params.email, emailAttempted: true },
    params.limits.emailsPerRecipient,
    params.now,
  );
  return wait === null;
}
