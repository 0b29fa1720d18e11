import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";

// Locks Prisma has no call for. Not measured, and not there for speed: Prisma's client
// offers neither advisory locks nor SELECT … FOR UPDATE, and its nearest equivalents
// change what the lock means (Serializable isolation fails one of two concurrent
// transactions instead of making it wait; writing to the organization row to lock it
// would touch a row that must not change).

/**
 * Serializes token mutations of one organization until the transaction ends, so the
 * "unique among active tokens" check and the write that follows cannot interleave with
 * another request's. A transaction-scoped advisory lock on a key derived from the
 * organization: nothing else waits on it, and it is released at COMMIT or ROLLBACK.
 */
export async function lockOrganizationTokens(
  tx: Prisma.TransactionClient,
  organizationId: string,
): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`api_tokens:${organizationId}`}, 0))`;
}

/**
 * Locks the organization's owner memberships (SELECT … FOR UPDATE) until the transaction
 * ends and returns the owners' user ids. Every change that may take an owner away (a
 * demotion, a removal) takes it first, so two owners demoting or removing each other at the
 * same moment cannot both see "another owner remains": the second waits for the first, then
 * reads the owners as they are after it (a row no longer OWNER, or deleted, drops out).
 */
export async function lockOrganizationOwners(
  tx: Prisma.TransactionClient,
  organizationId: string,
): Promise<string[]> {
  const rows = await tx.$queryRaw<Array<{ user_id: string }>>`
    SELECT user_id FROM memberships
     WHERE organization_id = ${organizationId}::uuid AND role = 'OWNER'
       FOR UPDATE`;
  return rows.map((row) => row.user_id);
}

/**
 * Serializes the creation of invitations by one organization and of invitations to one
 * address (already lower-cased) until the transaction ends, so the checks before the
 * insert (no pending invitation to the address, the daily limits) cannot interleave with
 * another creation's. Always the organization first, then the address: two creations never
 * hold one each while waiting for the other's.
 */
export async function lockInvitationSending(
  tx: Prisma.TransactionClient,
  organizationId: string,
  email: string,
): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`invitations:org:${organizationId}`}, 0))`;
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`invitations:to:${email}`}, 0))`;
}

/**
 * Serializes the additions of passkeys by one person until the transaction ends, so the
 * count checked against the per-person limit cannot interleave with another addition's.
 */
export async function lockPersonPasskeys(
  tx: Prisma.TransactionClient,
  userId: string,
): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`passkeys:${userId}`}, 0))`;
}
