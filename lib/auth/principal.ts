import type { TokenAccessState } from "@/lib/auth/token-access";
import type { Plan, Role } from "@/lib/generated/prisma/enums";

// Who acts: the one shape every service takes, built at the edge (a page, server action or
// session route from the session, an /api/v1 operation from the bearer token, a public or
// background entry point as MailShield itself). The edge has just read what limits the
// principal (a member's role and plan, a token's scopes, expiry, rotation and plan) and
// keeps it here as `seen`: `authorize` (lib/services/authorize.ts) judges a read on it
// without a query, while a change re-reads it under the organization's lock, so a
// demotion or revocation a moment ago counts. Plain types and builders only.

/** What the session read of a member when the request began: their role in one organization. */
export interface MemberSeen {
  organizationId: string;
  role: Role;
  plan: Plan;
}

/** A signed-in member acting in the dashboard. Role rules: lib/permissions.ts. */
export interface UserPrincipal {
  kind: "user";
  userId: string;
  /** The member's IP, for the audit event. */
  ip: string | null;
  /**
   * The membership as the edge read it. Without it (a principal built by a job or a test)
   * a read is judged by reading the membership, as a change always is.
   */
  seen?: MemberSeen;
}

/** What the bearer lookup (lib/api/bearer.ts) read of a token when the request began. */
export interface TokenSeen extends TokenAccessState {
  organizationId: string;
  /** As stored; only known scopes count (isScope). */
  scopes: readonly string[];
  /** Normalized CIDR entries; empty means any IP (the edge judged the request's IP on it). */
  ipAllowlist: readonly string[];
  /** The domains it may touch: null for all, else these ids (empty: none). */
  domainIds: readonly string[] | null;
}

/** An API token acting through /api/v1. */
export interface TokenPrincipal {
  kind: "token";
  tokenId: string;
  /** Its name when it acted, kept with the audit event (it may be renamed later). */
  tokenName: string;
  /** The client IP the request came from, for the audit event. */
  ip: string | null;
  /** The token as the request's lookup read it; without it, a read reads it again. */
  seen?: TokenSeen;
}

/**
 * Why MailShield itself acts; each reason allows the permissions SYSTEM_PERMISSIONS lists.
 * `exposed`: revoking a token that a secret-scanning report (POST
 * /api/v1/secret-scanning/revoke) showed to be publicly exposed. Whoever holds a token may
 * have it revoked, so there is no one else to authorize. `unused`: revoking a token the
 * organization's unused-token policy retires (lib/services/tokens/unused-tokens.ts).
 */
export type SystemReason = "exposed" | "unused";

/** MailShield itself. */
export interface SystemPrincipal {
  kind: "system";
  reason: SystemReason;
  /** The reporter's IP, if a request set it off, for the audit event. */
  ip: string | null;
}

export type Principal = UserPrincipal | TokenPrincipal | SystemPrincipal;

/** Who acts, and in which organization: what every service takes first. */
export interface ServiceContext<P extends Principal = Principal> {
  principal: P;
  organizationId: string;
}

/** The member signed in to an organization, as the session read them (lib/session/session.ts). */
export function memberPrincipal(
  session: {
    user: { id: string };
    organization: { id: string; plan: Plan };
    role: Role;
  },
  ip: string | null,
): UserPrincipal {
  const { user, organization, role } = session;
  return {
    kind: "user",
    userId: user.id,
    ip,
    seen: { organizationId: organization.id, role, plan: organization.plan },
  };
}

/** The token a request presented, as its lookup read it (lib/sql/request-path/api-tokens.ts). */
export function tokenPrincipal(
  token: TokenSeen & { id: string; name: string },
  ip: string | null,
): TokenPrincipal {
  const { organizationId, plan, scopes, ipAllowlist, domainIds } = token;
  const { expiresAt, revokedAt, rotationEndsAt } = token;
  return {
    kind: "token",
    tokenId: token.id,
    tokenName: token.name,
    ip,
    seen: {
      organizationId,
      plan,
      scopes,
      ipAllowlist,
      domainIds,
      expiresAt,
      revokedAt,
      rotationEndsAt,
    },
  };
}
