import "server-only";
import type { ServiceContext } from "@/lib/auth/principal";
import type { TokenGrant } from "@/lib/auth/token-access";
import { dateFromExpiryInstant, isTokenExpired } from "@/lib/auth/token-expiry";
import { AppError } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import { escapeLikePattern } from "@/lib/like-pattern";
import { planHasApiAccess } from "@/lib/plans";
import { API_PLAN_REQUIRED_MESSAGE, authorize } from "@/lib/services/authorize";
import { assertEmailVerified } from "@/lib/services/verified-address";
import type { TokenAct } from "./actor";

/**
 * The one authorization of a token change by the context's principal, inside the transaction and after the
 * organization's token lock: `tokens:write`, judged by authorize (a member's role; a
 * token's state and scopes, none needed on itself; MailShield revoking an exposed token).
 * Creating or rotating (which makes a token) also needs a plan with API access. A member
 * has no ceiling on what they grant; a token's grant is returned as the ceiling of what it
 * may hand out (assertNoEscalation).
 */
export async function authorizeTokenActor(
  tx: Prisma.TransactionClient,
  ctx: ServiceContext,
  act: TokenAct,
  now: Date,
): Promise<TokenGrant | null> {
  const authorization = await authorize(tx, ctx.principal, ctx.organizationId, "tokens:write", {
    now,
    onToken: act.tokenId,
  });
  if (authorization.kind === "token") return authorization.grant;
  const makesToken = act.action === "create" || act.action === "rotate";
  if (authorization.kind === "user" && makesToken && !planHasApiAccess(authorization.plan)) {
    throw new AppError("forbidden", API_PLAN_REQUIRED_MESSAGE);
  }
  // A new secret is a credential: a person makes one only from a verified address.
  if (makesToken) await assertEmailVerified(tx, ctx.principal);
  return null;
}

// Token mutations of one organization take this lock first (Prisma has no lock call, so the
// statement lives with the other hand-written SQL).
export { lockOrganizationTokens } from "@/lib/sql";

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
export type ExpiredReadOnlyFields = Partial<Record<"expiresOn" | "ipAllowlist", string>>;

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
    expiresOn: `${expiredOn} and can't be extended; create a new token.`,
    ipAllowlist: `${expiredOn}; its IP allowlist can no longer be changed.`,
  };
}
