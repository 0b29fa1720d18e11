import "server-only";
import type { StoredTokenForAuth } from "@/lib/api/bearer";
import type { RequiredScope } from "@/lib/permissions";

/**
 * THE place where a token's scopes are checked against the scope the called operation
 * declares (lib/api/operation.ts). The pipeline calls it for every declared operation once
 * the token is authenticated and within its limits, before the handler runs.
 *
 * For now it allows everything: tokens have no scopes yet. When they do, this becomes
 * `if (required !== SELF_SCOPE && !scopeSatisfies(token.scopes, required)) throw …403
 * insufficient_scope`. It stays synchronous: the token's scopes come with the token lookup,
 * so the check adds no round trip to the hot path.
 */
export function authorizeScope(_token: StoredTokenForAuth, _required: RequiredScope): void {}
