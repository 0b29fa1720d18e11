import "server-only";
import { isRangeWithin } from "@/lib/auth/ip-allowlist";
import type { TokenGrant } from "@/lib/auth/token-access";
import { dateFromExpiryInstant } from "@/lib/auth/token-expiry";
import { AppError } from "@/lib/errors";
import { scopeSatisfies } from "@/lib/permissions";

export type { TokenGrant };

// No privilege escalation through the API: a token can only create, edit or rotate tokens
// into ones it could itself stand in for. Its scopes, IP allowlist and expiry are the
// ceiling of what it hands out, and so is its domain selection. Members in the dashboard have no ceiling beyond their role.

/**
 * Why `proposed` would exceed `ceiling`, in words the API caller sees, or null when it does
 * not. Each rule is checked in turn, so the message names the first one broken.
 */
export function escalationViolation(ceiling: TokenGrant, proposed: TokenGrant): string | null {
  const missing = proposed.scopes.find((scope) => !scopeSatisfies(ceiling.scopes, scope));
  if (missing) {
    return `A token cannot grant a scope it does not have: this token lacks "${missing}".`;
  }
  if (ceiling.ipAllowlist.length > 0) {
    if (proposed.ipAllowlist.length === 0) {
      return "A token with an IP allowlist cannot grant access from any IP: give an allowlist within this token's.";
    }
    const outside = proposed.ipAllowlist.find(
      (entry) => !isRangeWithin(entry, ceiling.ipAllowlist),
    );
    if (outside) {
      return `A token cannot widen its IP allowlist: ${outside} is not inside this token's allowlist.`;
    }
  }
  if (ceiling.domainIds !== null) {
    if (proposed.domainIds === null) {
      return "A token limited to selected domains cannot grant access to all domains: select domains within this token's.";
    }
    const outside = proposed.domainIds.find((id) => !ceiling.domainIds?.includes(id));
    if (outside) {
      return `A token cannot grant a domain it cannot reach: domain ${outside} is not among this token's domains.`;
    }
  }
  if (ceiling.expiresAt) {
    const until = `${dateFromExpiryInstant(ceiling.expiresAt)} (00:00 UTC)`;
    if (!proposed.expiresAt) {
      return `A token that expires cannot grant a token that never expires: choose a date no later than ${until}.`;
    }
    if (proposed.expiresAt.getTime() > ceiling.expiresAt.getTime()) {
      return `A token cannot grant a later expiry than its own: choose a date no later than ${until}.`;
    }
  }
  return null;
}

/** Throws 403 `forbidden` naming the broken rule when `proposed` exceeds `ceiling`. */
export function assertNoEscalation(ceiling: TokenGrant | null, proposed: TokenGrant): void {
  if (!ceiling) return;
  const violation = escalationViolation(ceiling, proposed);
  if (violation) throw new AppError("forbidden", violation);
}
