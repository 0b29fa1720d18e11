import { isTokenExpired } from "@/lib/auth/token-expiry";
import { clock } from "@/lib/clock";
import type { TokenStatus } from "@/lib/rules/token-status";

// The one way a token is named wherever several may share a name: a rotation hands its name
// to the successor, and a name is free again once its token is revoked or expired, so a name
// alone leaves two identical rows, filter entries and actors. The last four characters tell
// the tokens apart, and a final state ("rotated", like "revoked") says which one still works.
// Pure and client-safe: the lists, the filters, the notifications and the audit log all ask.

/** The states worth naming after a token: final ones, where nothing can be done with it. */
export type TokenLabelState = "rotated" | "revoked" | "expired";

/** A token as its label reads it: its status, or the columns the status comes from. */
export type TokenLabelSource = { name: string; lastFour: string } & (
  | { status: TokenStatus }
  | { revokedAt: Date | null; rotatedAt: Date | null; expiresAt: Date | null }
);

/**
 * Which final state a token is in, or null for a working (or paused) one. Revoked wins over
 * rotated, rotated over expired, as in tokenStatus (lib/rules/token-status.ts); the plan is
 * not needed, since "paused" is the organization's state, not the token's.
 */
export function tokenLabelState(
  token: TokenLabelSource,
  now: Date = clock.now(),
): TokenLabelState | null {
  if ("status" in token) {
    return token.status === "active" || token.status === "paused" ? null : token.status;
  }
  if (token.revokedAt) return "revoked";
  if (token.rotatedAt) return "rotated";
  if (isTokenExpired(token.expiresAt, now)) return "expired";
  return null;
}

/** `…a1B2`: a token's last four characters, as every page shows them. */
export function tokenSuffix(lastFour: string): string {
  return `…${lastFour}`;
}

/**
 * `Deploy …a1B2`, then ` (rotated)`, ` (revoked)` or ` (expired)` for a token that no longer
 * works. `withState: false` leaves the state out, for a sentence that says it itself ("…
 * was found exposed and revoked").
 */
export function tokenLabel(
  token: TokenLabelSource | { name: string; lastFour: string },
  now: Date = clock.now(),
  { withState = true }: { withState?: boolean } = {},
): string {
  const base = `${token.name} ${tokenSuffix(token.lastFour)}`;
  if (!withState || !("status" in token || "revokedAt" in token)) return base;
  const state = tokenLabelState(token, now);
  return state ? `${base} (${state})` : base;
}
