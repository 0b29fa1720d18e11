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
// loop of creating and revoking counts every round; each Resend is a row of
// invitation_resends, counted the same way (one more email to an address the inviter chose). createInvitation decides under its
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

/** What one count covers: invitations created, and invitations emailed again (Resend). */
interface Counted {
  invitations: Prisma.InvitationWhereInput;
  resends: Prisma.InvitationResendWhereInput;
}

/**
 * How long until one more invitation (or resend) matching `where` fits in the window at
 * `now`, or null when one fits now. Allowed again when the `limit`-th newest of the two
 * together ages out.
 */
async function waitForRoom(
  tx: Prisma.TransactionClient,
  where: Counted,
  limit: number,
  now: Date,
): Promise<number | null> {
  const since = new Date(now.getTime() - INVITATION_LIMIT_WINDOW_MS);
  const newest = {
    orderBy: { createdAt: "desc" },
    take: limit,
    select: { createdAt: true },
  } as const;
  const [invitations, resends] = await Promise.all([
    tx.invitation.findMany({
      where: { ...where.invitations, createdAt: { gt: since } },
      ...newest,
    }),
    tx.invitationResend.findMany({
      where: { ...where.resends, createdAt: { gt: since } },
      ...newest,
    }),
  ]);
  const times = [...invitations, ...resends]
    .map((row) => row.createdAt.getTime())
    .sort((a, b) => b - a);
  const oldestCounted = times[limit - 1];
  if (oldestCounted === undefined) return null;
  return oldestCounted + INVITATION_LIMIT_WINDOW_MS - now.getTime();
}

/**
 * Refuses (rate_limited) one more invitation from `organizationId` when it has created or
 * resent its limit in the 24 hours before `now`.
 */
export async function assertInvitationAllowed(
  tx: Prisma.TransactionClient,
  params: { organizationId: string; now: Date; limits: InvitationLimits },
): Promise<void> {
  const { limits } = params;
  const { organizationId } = params;
  const wait = await waitForRoom(
    tx,
    { invitations: { organizationId }, resends: { organizationId } },
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
 * limit were attempted to it (created or resent), from any organization, in the 24 hours
 * before `now`.
 */
export async function recipientMayBeEmailed(
  tx: Prisma.TransactionClient,
  params: { email: string; now: Date; limits: InvitationLimits },
): Promise<boolean> {
  const { email } = params;
  const wait = await waitForRoom(
    tx,
    { invitations: { email, emailAttempted: true }, resends: { email } },
    params.limits.emailsPerRecipient,
    params.now,
  );
  return wait === null;
}
