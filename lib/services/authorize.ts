import "server-only";
import type { Principal, SystemReason } from "@/lib/auth/principal";
import { type TokenGrant, tokenAccessEndsAt, tokenAccessRefusal } from "@/lib/auth/token-access";
import { clock } from "@/lib/clock";
import { AppError } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { Plan, Role } from "@/lib/generated/prisma/enums";
import {
  assertCan,
  forbidden,
  insufficientScope,
  isScope,
  type Permission,
  scopeSatisfies,
} from "@/lib/permissions";

// THE judgement of a grant: may this principal use this permission in this organization,
// now? Every service that reads or changes an organization's data calls it first, inside
// its transaction, so what limits the principal is read as it is at that moment (a member
// demoted, a token revoked, rotated, narrowed or downgraded a moment ago counts), and no
// page, action or route decides on its own. authorize-coverage.test.ts walks the services.

export const API_PLAN_REQUIRED_MESSAGE = "API access requires a Pro plan or higher";
export const ACTOR_TOKEN_INACTIVE_MESSAGE = "This token is no longer active";
export const ROTATED_ACTOR_MESSAGE =
  "This token has been rotated: until its grace period ends it can still call the API, but it can manage no token except revoke itself. Use the token that replaced it.";

/** What MailShield itself may do, by why it acts. */
const SYSTEM_PERMISSIONS: Record<SystemReason, readonly Permission[]> = {
  exposed: ["tokens:write"],
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
 * Throws 403 unless `principal` holds `permission` in `organizationId`:
 * - a member: their role there (no membership holds nothing), read now;
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
      assertCan(membership.role, permission);
      return { kind: "user", role: membership.role, plan: membership.organization.plan };
    }
    case "token":
      return authorizeToken(tx, principal, organizationId, permission, options);
    case "system":
      if (!SYSTEM_PERMISSIONS[principal.reason].includes(permission)) throw forbidden(permission);
      return { kind: "system" };
  }
}

async function authorizeToken(
  tx: Prisma.TransactionClient,
  principal: Extract<Principal, { kind: "token" }>,
  organizationId: string,
  permission: Permission,
  options: AuthorizeOptions,
): Promise<Authorization> {
  const caller = await tx.apiToken.findFirst({
    where: { id: principal.tokenId, organizationId },
    select: {
      scopes: true,
      ipAllowlist: true,
      expiresAt: true,
      revokedAt: true,
      rotatedAt: true,
      rotationEndsAt: true,
      organization: { select: { plan: true } },
    },
  });
  // A token of another organization is refused like one that no longer works.
  if (!caller) throw new AppError("forbidden", ACTOR_TOKEN_INACTIVE_MESSAGE);
  const plan = caller.organization.plan;
  const refusal = tokenAccessRefusal({ ...caller, plan }, options.now ?? clock.now());
  if (refusal === "plan_without_api_access") {
    throw new AppError("forbidden", API_PLAN_REQUIRED_MESSAGE);
  }
  if (refusal) throw new AppError("forbidden", ACTOR_TOKEN_INACTIVE_MESSAGE);

  const scopes = caller.scopes.filter(isScope);
  // Ids are UUIDs, which the database matches in any letter case.
  const onItself = options.onToken?.toLowerCase() === principal.tokenId.toLowerCase();
  if (!onItself && !(isScope(permission) && scopeSatisfies(scopes, permission))) {
    if (isScope(permission)) throw insufficientScope(permission);
    throw forbidden(permission);
  }
  if (caller.rotatedAt && permission === "tokens:write" && !onItself) {
    throw new AppError("forbidden", ROTATED_ACTOR_MESSAGE);
  }
  return {
    kind: "token",
    grant: { scopes, ipAllowlist: caller.ipAllowlist, expiresAt: tokenAccessEndsAt(caller) },
    plan,
  };
}
