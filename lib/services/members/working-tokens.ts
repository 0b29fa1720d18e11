import type { Prisma } from "@/lib/generated/prisma/client";

/**
 * The tokens of an organization that still work at `now`: not revoked, not expired, and not
 * past the end of a rotation's grace period. A token paused by the plan (Free, Starter)
 * counts: it works again, unchanged, once the organization upgrades. These are the tokens
 * the members page counts per creator and that removing a member may revoke.
 */
export function workingTokensWhere(organizationId: string, now: Date): Prisma.ApiTokenWhereInput {
  return {
    organizationId,
    revokedAt: null,
    AND: [
      { OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] },
      { OR: [{ rotationEndsAt: null }, { rotationEndsAt: { gt: now } }] },
    ],
  };
}
