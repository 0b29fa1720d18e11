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
