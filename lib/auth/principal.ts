// Who acts: the one shape every service takes, built at the edge (a server action from the
// session, an /api/v1 operation from the bearer token, a public or background entry point
// as MailShield itself). What limits it (a member's role, a token's scopes, allowlist,
// expiry, rotation and plan) is not carried here but re-read by `authorize`
// (lib/services/authorize.ts) inside the service's transaction, so a change a moment ago
// counts. Plain types only.

/** A signed-in member acting in the dashboard. Role rules: lib/permissions.ts. */
export interface UserPrincipal {
  kind: "user";
  userId: string;
  /** The member's IP, for the audit event. */
  ip: string | null;
}

/** An API token acting through /api/v1. */
export interface TokenPrincipal {
  kind: "token";
  tokenId: string;
  /** Its name when it acted, kept with the audit event (it may be renamed later). */
  tokenName: string;
  /** The client IP the request came from, for the audit event. */
  ip: string | null;
}

/**
 * Why MailShield itself acts; each reason allows the permissions SYSTEM_PERMISSIONS lists.
 * `exposed`: revoking a token that a secret-scanning report (POST
 * /api/v1/secret-scanning/revoke) showed to be publicly exposed. Whoever holds a token may
 * have it revoked, so there is no one else to authorize.
 */
export type SystemReason = "exposed";

/** MailShield itself. */
export interface SystemPrincipal {
  kind: "system";
  reason: SystemReason;
  /** The reporter's IP, if a request set it off, for the audit event. */
  ip: string | null;
}

export type Principal = UserPrincipal | TokenPrincipal | SystemPrincipal;
