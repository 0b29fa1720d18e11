import {
  memberPrincipal,
  type ServiceContext,
  type TokenPrincipal,
  tokenPrincipal,
  type UserPrincipal,
} from "@/lib/auth/principal";
import { db } from "@/lib/db";
import type { Role } from "@/lib/generated/prisma/enums";
import { findStoredTokenByHash } from "@/lib/sql";
import { createTestUser } from "@/test/factories";

// Principals for tests that call services directly, built the way the edges build them:
// a member from their membership as the session reads it, a token from the bearer lookup.

/**
 * A member of `organizationId` with `role` (its first one, or a new one when it has none)
 * as a page would hand them to a service.
 */
export async function memberContext(
  organizationId: string,
  role: Role = "OWNER",
): Promise<ServiceContext<UserPrincipal>> {
  const found = await db.membership.findFirst({
    where: { organizationId, role },
    orderBy: { createdAt: "asc" },
    select: { userId: true },
  });
  const userId = found?.userId ?? (await createTestUser({ organizationId, role })).user.id;
  return { principal: await memberOf(organizationId, userId), organizationId };
}

/** `userId` in `organizationId`, their role and its plan as the session reads them. */
export async function memberOf(organizationId: string, userId: string): Promise<UserPrincipal> {
  const membership = await db.membership.findUniqueOrThrow({
    where: { organizationId_userId: { organizationId, userId } },
    select: { role: true, organization: { select: { id: true, plan: true } } },
  });
  const { role, organization } = membership;
  return memberPrincipal({ user: { id: userId }, organization, role }, null);
}

/** The token `tokenId` as an /api/v1 request presenting it hands it to a service. */
export async function tokenContext(
  tokenId: string,
  ip: string | null = null,
): Promise<ServiceContext<TokenPrincipal>> {
  const { tokenHash } = await db.apiToken.findUniqueOrThrow({
    where: { id: tokenId },
    select: { tokenHash: true },
  });
  const stored = await findStoredTokenByHash(tokenHash);
  if (!stored) throw new Error(`No stored token ${tokenId}`);
  return { principal: tokenPrincipal(stored, ip), organizationId: stored.organizationId };
}
