import "server-only";
import type { StoredTokenForAuth } from "@/lib/api/bearer";
import type { AppError } from "@/lib/errors";
import {
  insufficientScope,
  isScope,
  type RequiredScope,
  SELF_SCOPE,
  scopeSatisfies,
} from "@/lib/permissions";

/**
 * THE place where a token's scopes are checked against the scope the called operation
 * declares (lib/api/operation.ts). The pipeline calls it for every declared operation once
 * the token is authenticated and within its limits, before the handler runs. It is
 * synchronous: the scopes come with the token lookup, so the check adds no round trip.
 *
 * Returns the 403 to answer (RFC 6750 §3.1: `insufficient_scope`, naming the scope the
 * request needs), or null when the token may go on. An operation on the token itself
 * (SELF_SCOPE) is open to any valid token.
 */
export function authorizeScope(
  token: StoredTokenForAuth,
  required: RequiredScope,
): AppError | null {
  if (required === SELF_SCOPE) return null;
  if (scopeSatisfies(token.scopes.filter(isScope), required)) return null;
  return insufficientScope(required);
}
