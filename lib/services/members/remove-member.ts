import "server-only";
import type { ServiceContext } from "@/lib/auth/principal";
import { clock } from "@/lib/clock";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { revokeTokensInTransaction } from "@/lib/services/tokens";
import { lockOrganizationTokens } from "@/lib/sql";
import {
  assertAnotherOwnerRemains,
  beginMemberChange,
  type MemberChangeInput,
  recordMemberEvent,
} from "./member-change";
import { workingTokensWhere } from "./working-tokens";

export interface RemoveMemberInput extends MemberChangeInput {
  /** Also revoke the working tokens the member created in this organization. */
  revokeTokens: boolean;
}

export interface RemoveMemberResult {
  email: string;
  /** How many of the member's tokens this removal revoked (0 when they were kept). */
  revokedTokenCount: number;
}

/**
 * Takes a member out of the organization, in one transaction: optionally revokes the
 * working tokens they created here (one `token.revoked` event each, by the remover), deletes
 * their notifications about this organization's tokens, deletes the membership and records
 * `member.removed`. The last owner cannot be removed; an owner may remove themselves while
 * another owner remains. Tokens kept keep working: they belong to the organization.
 */
export async function removeMember(
  ctx: ServiceContext,
  input: RemoveMemberInput,
): Promise<RemoveMemberResult> {
  const { organizationId } = ctx;
  return db.$transaction(async (tx) => {
    const { target, ownerIds } = await beginMemberChange(tx, ctx, input.userId);
    assertAnotherOwnerRemains(target, ownerIds);

    const revokedTokenCount = input.revokeTokens
      ? await revokeCreatedTokens(tx, ctx, target.userId)
      : 0;
    await tx.notification.deleteMany({
      where: { userId: target.userId, token: { organizationId } },
    });
    await tx.membership.delete({ where: { id: target.membershipId } });
    await recordMemberEvent(tx, ctx, {
      action: "member.removed",
      target,
      metadata: { role: target.role, revokedTokens: revokedTokenCount },
    });
    return { email: target.email, revokedTokenCount };
  });
}

async function revokeCreatedTokens(
  tx: Prisma.TransactionClient,
  ctx: ServiceContext,
  creatorId: string,
): Promise<number> {
  const { organizationId } = ctx;
  // The token lock first, so a token the member creates at this moment is either already
  // committed (and found here) or created after the removal (and refused: no membership).
  await lockOrganizationTokens(tx, organizationId);
  const tokens = await tx.apiToken.findMany({
    where: { ...workingTokensWhere(organizationId, clock.now()), createdById: creatorId },
    select: { id: true },
  });
  if (tokens.length === 0) return 0;
  const results = await revokeTokensInTransaction(tx, ctx, {
    tokenIds: tokens.map((token) => token.id),
    auditMetadata: { reason: "member_removed" },
  });
  return results.filter((result) => result.outcome === "revoked").length;
}
