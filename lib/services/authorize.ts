import "server-only";
import type { Principal, SystemReason, TokenPrincipal, TokenSeen } from "@/lib/auth/principal";
import {
  type TokenAccessState,
  type TokenGrant,
  tokenAccessEndsAt,
  tokenAccessRefusal,
} from "@/lib/auth/token-access";
import { clock } from "@/lib/clock";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { Plan, Role } from "@/lib/generated/prisma/enums";
import {
  can,
  forbidden,
  insufficientScope,
  isScope,
  type Permission,
  type RequiredScope,
  SELF_SCOPE,
  scopeSatisfies,
} from "@/lib/permissions";
import { domainIdsFromColumn } from "@/lib/sql";

// THE judgement of a grant: may this principal use this permission in this organization,
// now? Every service that reads or changes an organization's data calls it first, and no
// page, action or route compares roles or scopes on its own (they ask `holds` or
// `scopeRefusal` here). Two ways in, one judgement:
// - `authorize`, for a change, inside its transaction: what limits the principal is read
//   again there, so a member demoted or a token revoked, rotated, narrowed or downgraded a
//   moment ago counts;
// - `authorizeRead`, for a read: judged on what the edge read when the request began (the
//   principal's `seen`, lib/auth/principal.ts), without a query, so a read such as
//   GET /api/v1/domains costs no round trip beyond the bearer lookup. A principal that
//   carries nothing for this organization is read as for a change.
// authorize-coverage.test.ts walks the services.

export const API_PLAN_REQUIRED_MESSAGE = "API access requires a Pro plan or higher";
export const ACTOR_TOKEN_INACTIVE_MESSAGE = "This token is no longer active";
export const ROTATED_ACTOR_MESSAGE =
  "This token has been rotated: until its grace period ends it can still call the API, but it can manage no token except revoke itself. Use the token that replaced it.";

/** What MailShield itself may do, by why it acts. */
const SYSTEM_PERMISSIONS: Record<SystemReason, readonly Permission[]> = {
  exposed: ["tokens:write"],
  unused: ["tokens:write"],
};

/** What the caller learns of the grant: the member's role, or the token's limits. */
export type Authorization =
  | { kind: "user"; role: Role; plan: Plan }
  | { kind: "token"; grant: TokenGrant; plan: Plan }
  | { kind: "system" };

export interface AuthorizeOptions {
  /** The clock a token's expiry and grace period are judged at. */
  now?: Date;
  /**
   * The token acted on, when the act is on one token: a token acting on itself needs no
   * scope (it may always revoke itself), and a rotated one may act on nothing else.
   */
  onToken?: string | null;
}

/**
 * Throws 403 unless `principal` holds `permission` in `organizationId`, as it is now in the
 * database (for a change; reads take authorizeRead):
 * - a member: their role there (no membership holds nothing);
 * - a token: its row there, judged on revocation, expiry, rotation and plan
 *   (tokenAccessRefusal), then its scopes, which must satisfy the permission unless it acts
 *   on itself; a rotated token in its grace period may still call the API but act on no
 *   token but itself. Its grant is returned: the ceiling of what it hands out (escalation.ts);
 * - MailShield itself: the permissions its reason lists.
 */
export async function authorize(
  tx: Prisma.TransactionClient,
  principal: Principal,
  organizationId: string,
  permission: Permission,
  options: AuthorizeOptions = {},
): Promise<Authorization> {
  switch (principal.kind) {
    case "user": {
      const membership = await tx.membership.findUnique({
        where: { organizationId_userId: { organizationId, userId: principal.userId } },
        select: { role: true, organization: { select: { plan: true } } },
      });
      if (!membership) throw forbidden(permission);
      return judgeMember(membership.role, membership.organization.plan, permission);
    }
    case "token": {
      const caller = await tx.apiToken.findFirst({
        where: { id: principal.tokenId, organizationId },
        select: {
          scopes: true,
          ipAllowlist: true,
          domainIds: true,
          expiresAt: true,
          revokedAt: true,
          rotatedAt: true,
          rotationEndsAt: true,
          organization: { select: { plan: true } },
        },
      });
      // A token of another organization is refused like one that no longer works.
      if (!caller) throw new AppError("forbidden", ACTOR_TOKEN_INACTIVE_MESSAGE);
      const state = {
        ...caller,
        domainIds: domainIdsFromColumn(caller.domainIds),
        plan: caller.organization.plan,
      };
      return judgeToken(principal, state, caller.rotatedAt !== null, permission, options);
    }
    case "system":
      return judgeSystem(principal.reason, permission);
  }
}

/**
 * Throws 403 unless `principal` may read with `permission` in `organizationId`, judged on
 * what the edge read of it (its `seen`) with the same rules as `authorize`, and no query.
 * A principal that carries nothing for this organization (a member's other organization, a
 * principal a job or test built) is judged as by `authorize`, on a read of its state now.
 */
export async function authorizeRead(
  principal: Principal,
  organizationId: string,
  permission: Permission,
  options: AuthorizeOptions = {},
): Promise<Authorization> {
  return (
    judgeSeen(principal, organizationId, permission, options) ??
    authorize(db, principal, organizationId, permission, options)
  );
}

/**
 * Throws 403 unless `principal` holds `permission` in `organizationId` as the edge read it:
 * a wrapper's early refusal (defineAction, defineSessionRoute), before any input is read.
 * A principal that carries nothing for this organization holds nothing here. The service
 * still authorizes the act itself.
 */
export function assertHolds(
  principal: Principal,
  organizationId: string,
  permission: Permission,
): void {
  if (!judgeSeen(principal, organizationId, permission, {})) throw forbidden(permission);
}

/**
 * Whether `principal` holds `permission` in `organizationId` as the edge read it: what a
 * page asks to decide which controls to offer (the service still decides on the act).
 */
export function holds(
  principal: Principal,
  organizationId: string,
  permission: Permission,
): boolean {
  try {
    assertHolds(principal, organizationId, permission);
    return true;
  } catch (error) {
    if (error instanceof AppError) return false;
    throw error;
  }
}

/**
 * The request pipeline's early refusal of an /api/v1 operation (before its body is read):
 * the 403 when the authenticated token's scopes do not cover the scope the operation
 * declares, else null. An operation on the token itself (SELF_SCOPE) is open to any valid
 * token. The service then authorizes the act itself.
 */
export function scopeRefusal(
  token: { scopes: readonly string[] },
  required: RequiredScope,
): AppError | null {
  if (required === SELF_SCOPE || scopeSatisfies(token.scopes.filter(isScope), required)) {
    return null;
  }
  return insufficientScope(required);
}

/** The judgement on what the edge read, or null when it read nothing for this organization. */
function judgeSeen(
  principal: Principal,
  organizationId: string,
  permission: Permission,
  options: AuthorizeOptions,
): Authorization | null {
  switch (principal.kind) {
    case "user": {
      const seen = principal.seen;
      if (seen?.organizationId !== organizationId) return null;
      return judgeMember(seen.role, seen.plan, permission);
    }
    case "token": {
      const seen: TokenSeen | undefined = principal.seen;
      if (!seen) return null;
      // A token belongs to one organization: another one's data is refused as by authorize.
      if (seen.organizationId !== organizationId) {
        throw new AppError("forbidden", ACTOR_TOKEN_INACTIVE_MESSAGE);
      }
      return judgeToken(principal, seen, seen.rotationEndsAt !== null, permission, options);
    }
    case "system":
      return judgeSystem(principal.reason, permission);
  }
}

function judgeMember(role: Role, plan: Plan, permission: Permission): Authorization {
  if (!can(role, permission)) throw forbidden(permission);
  return { kind: "user", role, plan };
}

function judgeSystem(reason: SystemReason, permission: Permission): Authorization {
  if (!SYSTEM_PERMISSIONS[reason].includes(permission)) throw forbidden(permission);
  return { kind: "system" };
}

function judgeToken(
  principal: TokenPrincipal,
  state: TokenAccessState & {
    scopes: readonly string[];
    ipAllowlist: readonly string[];
    domainIds: readonly string[] | null;
  },
  rotated: boolean,
  permission: Permission,
  options: AuthorizeOptions,
): Authorization {
  const refusal = tokenAccessRefusal(state, options.now ?? clock.now());
  if (refusal === "plan_without_api_access") {
    throw new AppError("forbidden", API_PLAN_REQUIRED_MESSAGE);
  }
  if (refusal) throw new AppError("forbidden", ACTOR_TOKEN_INACTIVE_MESSAGE);

  const scopes = state.scopes.filter(isScope);
  // Ids are UUIDs, which the database matches in any letter case.
  const onItself = options.onToken?.toLowerCase() === principal.tokenId.toLowerCase();
  if (!onItself && !(isScope(permission) && scopeSatisfies(scopes, permission))) {
    if (isScope(permission)) throw insufficientScope(permission);
    throw forbidden(permission);
  }
  if (rotated && permission === "tokens:write" && !onItself) {
    throw new AppError("forbidden", ROTATED_ACTOR_MESSAGE);
  }
  return {
    kind: "token",
    grant: {
      scopes,
      ipAllowlist: state.ipAllowlist,
      expiresAt: tokenAccessEndsAt(state),
      domainIds: state.domainIds,
    },
    plan: state.plan,
  };
}
