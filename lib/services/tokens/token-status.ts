import { isTokenExpired } from "@/lib/auth/token-expiry";
import type { Plan } from "@/lib/generated/prisma/enums";
import { planHasApiAccess } from "@/lib/plans";

// Pure and free of server-only imports: the list and the token page show what this decides.

export type TokenStatus = "active" | "paused" | "expired" | "revoked";

/** The list's default order: working tokens first, then paused, expired, revoked. */
export const TOKEN_STATUS_RANK: Record<TokenStatus, number> = {
  active: 0,
  paused: 1,
  expired: 2,
  revoked: 3,
};

/**
 * The one place a token's status is decided. Revoked wins over expired, and both over
 * paused: they are final, whereas a token on a plan without API access (Free, Starter) is
 * only paused and works again, unchanged, once the organization upgrades.
 */
export function tokenStatus(
  token: { revokedAt: Date | null; expiresAt: Date | null },
  plan: Plan,
  now: Date = new Date(),
): TokenStatus {
  if (token.revokedAt) return "revoked";
  if (isTokenExpired(token.expiresAt, now)) return "expired";
  if (!planHasApiAccess(plan)) return "paused";
  return "active";
}
