import { isTokenExpired } from "@/lib/auth/token-expiry";
import { clock } from "@/lib/clock";
import type { Plan } from "@/lib/generated/prisma/enums";
import { planHasApiAccess } from "@/lib/plans";

// Pure and free of server-only imports: the list and the token page show what this decides.

export type TokenStatus = "active" | "paused" | "rotated" | "expired" | "revoked";

/** The list's default order: working tokens first, then paused, rotated, expired, revoked. */
export const TOKEN_STATUS_RANK: Record<TokenStatus, number> = {
  active: 0,
  paused: 1,
  rotated: 2,
  expired: 3,
  revoked: 4,
};

/**
 * The one place a token's status is decided. Revoked wins over rotated, rotated over
 * expired, and all three over paused: they are final, whereas a token on a plan without API
 * access (Free, Starter) is only paused and works again, unchanged, once the organization
 * upgrades. A rotated token is "rotated" both during its grace period (it still works until
 * rotationEndsAt, which the token page says) and after it; its grace never outlasts its
 * expiry, so "rotated" says more than "expired" would.
 */
export function tokenStatus(
  token: { revokedAt: Date | null; expiresAt: Date | null; rotatedAt?: Date | null },
  plan: Plan,
  now: Date = clock.now(),
): TokenStatus {
  if (token.revokedAt) return "revoked";
  if (token.rotatedAt) return "rotated";
  if (isTokenExpired(token.expiresAt, now)) return "expired";
  if (!planHasApiAccess(plan)) return "paused";
  return "active";
}

/** What someone may still do to a token, from its status and whether they manage tokens. */
export interface TokenActions {
  revoke: boolean;
  edit: boolean;
  rotate: boolean;
}

/**
 * The one statement of what a token's state allows, asked by every control that offers an
 * action (the list's menu and selection, the token page's buttons and form), so a control
 * is shown only when the action can succeed. The services refuse the same cases on their
 * own (revoke-token.ts, update-token.ts, rotate-token.ts). Anything not yet revoked can be
 * revoked, even an expired or rotated token (it stops at once, and the log says who did
 * it); a rotated token is read-only, since its successor carries the settings on; only a
 * working token is rotated (an expired one is replaced by a new token, a paused one waits
 * for the plan).
 */
export function tokenActions(status: TokenStatus, canManage: boolean): TokenActions {
  if (!canManage) return { revoke: false, edit: false, rotate: false };
  return {
    revoke: status !== "revoked",
    edit: status !== "revoked" && status !== "rotated",
    rotate: status === "active",
  };
}
