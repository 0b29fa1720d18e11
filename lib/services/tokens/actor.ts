// Who changes a token: a person in the dashboard, or a token through /api/v1/tokens. The
// token services take this instead of a user id, so one service serves both doors and the
// rules that differ (role checks for people, scope and escalation checks for tokens) are
// decided in one place per service. Plain types only.

/** A signed-in member acting in the dashboard. Role rules: lib/permissions.ts. */
export interface UserActor {
  kind: "user";
  userId: string;
  /** The member's IP, for the audit event. */
  ip: string | null;
}

/**
 * An API token acting through /api/v1. Its scopes, allowlist and expiry are re-read inside
 * the service's transaction (see escalation.ts), so a token edited a moment ago is judged
 * as it is now, not as the request found it.
 */
export interface ApiTokenActor {
  kind: "token";
  tokenId: string;
  tokenName: string;
  /** The client IP the request came from, for the audit event. */
  ip: string | null;
}

export type TokenActor = UserActor | ApiTokenActor;

/** What a token service is about to do, judged by authorizeTokenActor (guards.ts). */
export interface TokenAct {
  action: "create" | "edit" | "rotate" | "revoke";
  /** The token acted on; null when creating one, or revoking several (members only). */
  tokenId: string | null;
}

/**
 * MailShield itself, revoking a token that a secret-scanning report (POST
 * /api/v1/secret-scanning/revoke) showed to be publicly exposed. Only revokeToken takes it:
 * whoever holds a token may have it revoked, so there is no one to authorize.
 */
export interface SystemActor {
  kind: "system";
  reason: "exposed";
  /** The reporter's IP, for the audit event. */
  ip: string | null;
}
