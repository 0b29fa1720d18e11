import "server-only";
import { tokenAccessEndsAt, tokenAccessRefusal } from "@/lib/auth/token-access";
import { dateFromExpiryInstant, isTokenExpired } from "@/lib/auth/token-expiry";
import { AppError } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import { escapeLikePattern } from "@/lib/like-pattern";
import { assertCan, forbidden, isScope } from "@/lib/permissions";
import { planHasApiAccess } from "@/lib/plans";
import type { ApiTokenActor, TokenAct, TokenActor } from "./actor";
import type { TokenGrant } from "./escalation";

export const API_PLAN_REQUIRED_MESSAGE = "API access requires a Pro plan or higher";

/**
 * Checks, inside the mutation's transaction, that the actor holds `tokens:write` in the
 * organization and (when asked) that its plan includes API access. The role and plan are
 * read from the database rather than trusted from the caller's session, so a demotion or
 * downgrade takes effect immediately.
 */
export async function assertCanManageTokens(
  tx: Prisma.TransactionClient,
  params: { organizationId: string; actorId: string; requireApiPlan: boolean },
): Promise<void> {
  const membership = await tx.membership.findUnique({
    where: {
      organizationId_userId: { organizationId: params.organizationId, userId: params.actorId },
    },
    select: { role: true, organization: { select: { plan: true } } },
  });
  if (!membership) throw forbidden("tokens:write");
  assertCan(membership.role, "tokens:write");
  if (params.requireApiPlan && !planHasApiAccess(membership.organization.plan)) {
    throw new AppError("forbidden", API_PLAN_REQUIRED_MESSAGE);
  }
}

/**
 * The one authorization of a token change by `actor`, inside the transaction and after the
 * organization's token lock. A member must be an owner or admin, and creating or rotating
 * (which makes a token) needs a plan with API access; there is no ceiling on what they
 * grant. A token reached the service through an operation whose scope it holds (the
 * request pipeline checked it); here it is judged again as it is now (actorTokenGrant),
 * and its grant is returned as the ceiling of what it may hand out (assertNoEscalation).
 */
export async function authorizeTokenActor(
  tx: Prisma.TransactionClient,
  actor: TokenActor,
  params: { organizationId: string; act: TokenAct; now: Date },
): Promise<TokenGrant | null> {
  if (actor.kind === "token") return actorTokenGrant(tx, actor, params);
  await assertCanManageTokens(tx, {
    organizationId: params.organizationId,
    actorId: actor.userId,
    requireApiPlan: params.act.action === "create" || params.act.action === "rotate",
  });
  return null;
}

export const ACTOR_TOKEN_INACTIVE_MESSAGE = "This token is no longer active";
export const ROTATED_ACTOR_MESSAGE =
  "This token has been rotated: until its grace period ends it can still call the API, but it can manage no token except revoke itself. Use the token that replaced it.";

/**
 * The calling token's grant, re-read under the lock (so a concurrent edit, revocation,
 * rotation or downgrade is seen) and judged on everything that limits it: revoked,
 * expired, past its rotation's grace or on a plan without API access, it may do nothing
 * (403, as for a token of another organization). A rotated token in its grace period keeps
 * calling the API but acts on no token but itself: otherwise whoever holds a leaked token
 * could turn the rotation meant to evict them into lasting access, by rotating the successor
 * or creating tokens. On itself, the target's rules leave only revoking (a rotated token is
 * read-only and cannot be rotated again). The grant ends when its access does.
 */
async function actorTokenGrant(
  tx: Prisma.TransactionClient,
  actor: ApiTokenActor,
  params: { organizationId: string; act: TokenAct; now: Date },
): Promise<TokenGrant> {
  const caller = await tx.apiToken.findFirst({
    where: { id: actor.tokenId, organizationId: params.organizationId },
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
  if (!caller) throw new AppError("forbidden", ACTOR_TOKEN_INACTIVE_MESSAGE);
  const refusal = tokenAccessRefusal({ ...caller, plan: caller.organization.plan }, params.now);
  if (refusal === "plan_without_api_access") {
    throw new AppError("forbidden", API_PLAN_REQUIRED_MESSAGE);
  }
  if (refusal) throw new AppError("forbidden", ACTOR_TOKEN_INACTIVE_MESSAGE);
  // Ids are UUIDs, which the database matches in any letter case.
  const onItself = params.act.tokenId?.toLowerCase() === actor.tokenId.toLowerCase();
  if (caller.rotatedAt && !onItself) throw new AppError("forbidden", ROTATED_ACTOR_MESSAGE);
  return {
    scopes: caller.scopes.filter(isScope),
    ipAllowlist: caller.ipAllowlist,
    expiresAt: tokenAccessEndsAt(caller),
  };
}

// Token mutations of one organization take this lock first (Prisma has no lock call, so the
// statement lives with the other hand-written SQL).
export { lockOrganizationTokens } from "@/lib/hot-path";

/**
 * Throws a field error on `name` when another active (not revoked, not expired, not rotated)
 * token of the organization has the same name, ignoring case. A rotated token hands its name
 * to its successor, so the two never clash. Call after lockOrganizationTokens.
 */
export async function assertActiveNameAvailable(
  tx: Prisma.TransactionClient,
  params: { organizationId: string; name: string; now: Date; exceptTokenId?: string },
): Promise<void> {
  const clash = await tx.apiToken.findFirst({
    where: {
      organizationId: params.organizationId,
      // Prisma compares case-insensitively with ILIKE: escaped, the name matches only itself.
      name: { equals: escapeLikePattern(params.name), mode: "insensitive" },
      revokedAt: null,
      rotatedAt: null,
      OR: [{ expiresAt: null }, { expiresAt: { gt: params.now } }],
      ...(params.exceptTokenId ? { id: { not: params.exceptTokenId } } : {}),
    },
    select: { id: true },
  });
  if (clash) {
    throw new AppError("validation_error", "Choose a different name", {
      fieldErrors: { name: [`A token named "${params.name}" already exists`] },
    });
  }
}

/** The fields an expired token keeps read-only, each with the reason shown next to it. */
export type ExpiredReadOnlyFields = Partial<Record<"expirationDate" | "ipAllowlist", string>>;

/**
 * Once a token has expired, its expiration date and IP allowlist are frozen (its name and
 * description may still change): a new date would bring the same, possibly leaked, secret
 * back to life, and a stale allowlist only matters to a token that works. Before expiry the
 * date may still be changed. Empty for a token that has not expired at `now`.
 */
export function expiredReadOnlyFields(expiresAt: Date | null, now: Date): ExpiredReadOnlyFields {
  if (!isTokenExpired(expiresAt, now) || !expiresAt) return {};
  const expiredOn = `This token expired on ${dateFromExpiryInstant(expiresAt)} (00:00 UTC)`;
  return {
    expirationDate: `${expiredOn} and can't be extended; create a new token.`,
    ipAllowlist: `${expiredOn}; its IP allowlist can no longer be changed.`,
  };
}
