import "server-only";
import { config } from "@/lib/config";
import { AppError } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import { countOf } from "@/lib/plural";

// Every invitation is an email from MailShield's sender to an address the inviter chose, so
// how many are created is bounded in any 24 hours: per organization (one account cannot
// mail the world) and per recipient across every organization (many accounts cannot flood
// one address). The count is the invitations table itself, exact and shared by every
// instance: revoked, accepted and expired invitations keep their rows, so a loop of
// creating and revoking counts every round. createInvitation checks under its locks on the
// organization and the address, so invitations racing each other cannot all see room left.

const HOUR_MS = 60 * 60 * 1000;
const INVITATION_LIMIT_WINDOW_MS = 24 * HOUR_MS;

export interface InvitationLimits {
  perOrganization: number;
  perRecipient: number;
}

export function configuredInvitationLimits(): InvitationLimits {
  const settings = config();
  return {
    perOrganization: settings.INVITATION_ORG_LIMIT,
    perRecipient: settings.INVITATION_RECIPIENT_LIMIT,
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
 * Refuses (rate_limited) one more invitation from `organizationId` or to `email` (already
 * lower-cased) when either has had its limit in the 24 hours before `now`.
 */
export async function assertInvitationAllowed(
  tx: Prisma.TransactionClient,
  params: { organizationId: string; email: string; now: Date; limits: InvitationLimits },
): Promise<void> {
  const { limits, now } = params;
  const organizationWait = await waitForRoom(
    tx,
    { organizationId: params.organizationId },
    limits.perOrganization,
    now,
  );
  if (organizationWait !== null) {
    throw new AppError(
      "rate_limited",
      `This organization has sent the most invitations allowed in 24 hours (${limits.perOrganization}). You can invite again in ${waitWording(organizationWait)}.`,
    );
  }
  const recipientWait = await waitForRoom(tx, { email: params.email }, limits.perRecipient, now);
  if (recipientWait !== null) {
    // Says that the address has had invitations without saying from whom.
    const message = `This address has received the most invitations allowed in 24 hours (${limits.perRecipient}). You can invite it again in ${waitWording(recipientWait)}.`;
    throw new AppError("rate_limited", message, { fieldErrors: { email: [message] } });
  }
}
