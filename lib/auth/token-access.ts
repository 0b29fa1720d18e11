import { isTokenExpired } from "@/lib/auth/token-expiry";
import type { Plan } from "@/lib/generated/prisma/enums";
import type { Scope } from "@/lib/permissions";
import { planHasApiAccess } from "@/lib/plans";
import type { RefusalReason } from "@/lib/refusal-reasons";

// The one judgement of whether a stored token may act at a given moment, on everything that
// limits it: revocation, expiry, the end of a rotation's grace period and the plan. The
// request path (lib/api/bearer.ts) and the token services acting for a token (their
// actor's grant, lib/services/tokens/guards.ts) both ask here, so the two cannot disagree
// about when a token's access ends. Pure: the caller reads the row.

/** What the judgement reads of a token and its organization. */
export interface TokenAccessState {
  revokedAt: Date | null;
  expiresAt: Date | null;
  /** Set once the token was rotated: the end of its grace period. */
  rotationEndsAt: Date | null;
  plan: Plan;
}

/** Why a token may not act, as its log row records it. */
export type TokenAccessRefusal = Extract<
  RefusalReason,
  "token_revoked" | "token_expired" | "token_rotated" | "plan_without_api_access"
>;

/**
 * The instant a token's access ends for good: the earlier of its expiry and the end of its
 * rotation's grace period; null when neither is set. Nothing it grants may outlast it.
 */
export function tokenAccessEndsAt(
  token: Pick<TokenAccessState, "expiresAt" | "rotationEndsAt">,
): Date | null {
  const { expiresAt, rotationEndsAt } = token;
  if (expiresAt === null) return rotationEndsAt;
  if (rotationEndsAt === null) return expiresAt;
  return rotationEndsAt.getTime() < expiresAt.getTime() ? rotationEndsAt : expiresAt;
}

/**
 * Why the token may not act at `now`, or null while it may. Revoked wins (it is final),
 * then expired, then rotated past its grace (both from the very millisecond they end),
 * then a plan without API access (a pause, lifted by an upgrade).
 */
export function tokenAccessRefusal(token: TokenAccessState, now: Date): TokenAccessRefusal | null {
  if (token.revokedAt !== null) return "token_revoked";
  if (isTokenExpired(token.expiresAt, now)) return "token_expired";
  if (token.rotationEndsAt !== null && now.getTime() >= token.rotationEndsAt.getTime()) {
    return "token_rotated";
  }
  if (!planHasApiAccess(token.plan)) return "plan_without_api_access";
  return null;
}

/** What a token may do, from where and until when: what escalation is judged on. */
export interface TokenGrant {
  scopes: readonly Scope[];
  /** Normalized CIDR entries; empty means any IP. */
  ipAllowlist: readonly string[];
  /**
   * When it stops working; null for never. For a calling token, the earlier of its expiry
   * and the end of its rotation's grace period (lib/auth/token-access.ts).
   */
  expiresAt: Date | null;
  /**
   * The domains it may touch (per-domain scoping): null for all of the organization's
   * domains (including later ones), else these ids (lower case; empty: none).
   */
  domainIds: readonly string[] | null;
}
