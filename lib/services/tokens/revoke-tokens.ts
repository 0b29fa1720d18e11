import "server-only";
import type { ServiceContext } from "@/lib/auth/principal";
import { clock } from "@/lib/clock";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import { recordAuditEvent } from "@/lib/services/audit/record-audit-event";
import { isUuid } from "@/lib/validations/uuid";
import { authorizeTokenActor, lockOrganizationTokens } from "./guards";
import { tokenRevoker } from "./token-maker";

/** The most tokens one bulk revocation takes (the dashboard's selection is far below it). */
export const BULK_REVOKE_MAX = 100;

export type BulkRevokeOutcome = "revoked" | "already_revoked" | "not_found";

export interface BulkRevokeResult {
  tokenId: string;
  /** The token's name, for the report; null when no such token is in the organization. */
  name: string | null;
  outcome: BulkRevokeOutcome;
}

export interface RevokeTokensInput {
  tokenIds: readonly string[];
}

/**
 * Revokes several tokens at once, under the same rules as revokeToken (role read inside the
 * transaction, any plan, the organization's token lock, one `token.revoked` event per
 * token), in one transaction. A token already revoked, or not in the organization, does not
 * stop the others: each id gets its own outcome, in the order given (duplicates once), so
 * the caller can say exactly what happened. Anything else rolls all of it back. Bulk
 * revocation is a dashboard action: a signed-in owner or admin makes it.
 */
export async function revokeTokens(
  ctx: ServiceContext,
  input: RevokeTokensInput,
): Promise<BulkRevokeResult[]> {
  const tokenIds = [...new Set(input.tokenIds)];
  if (tokenIds.length > BULK_REVOKE_MAX) {
    throw new AppError("validation_error", `Revoke at most ${BULK_REVOKE_MAX} tokens at a time`);
  }

  return db.$transaction((tx) =>
    revokeTokensInTransaction(tx, ctx, { tokenIds, auditMetadata: { bulk: true } }),
  );
}

export interface RevokeTokensInTransactionInput extends RevokeTokensInput {
  /** What each `token.revoked` event says besides the token's name (why it was revoked). */
  auditMetadata: Prisma.InputJsonObject;
}

/**
 * revokeTokens' work inside a transaction the caller owns, so another change (removing the
 * member who created the tokens) commits or rolls back together with the revocations. Takes
 * the organization's token lock and checks the actor's role like every token mutation; sets
 * no limit on the number of ids.
 */
export async function revokeTokensInTransaction(
  tx: Prisma.TransactionClient,
  ctx: ServiceContext,
  input: RevokeTokensInTransactionInput,
): Promise<BulkRevokeResult[]> {
  const { organizationId, principal: actor } = ctx;
  const tokenIds = [...new Set(input.tokenIds)];
  const now = clock.now();
  await lockOrganizationTokens(tx, organizationId);
  await authorizeTokenActor(tx, ctx, { action: "revoke", tokenId: null }, now);

  // Under the lock no other token mutation of the organization runs, so what is read here
  // is what the update below changes.
  const rows = await tx.apiToken.findMany({
    where: { organizationId, id: { in: tokenIds.filter(isUuid) } },
    select: { id: true, name: true, revokedAt: true },
  });
  const byId = new Map(rows.map((row) => [row.id, row]));
  const toRevoke = rows.filter((row) => row.revokedAt === null);

  await tx.apiToken.updateMany({
    where: { organizationId, id: { in: toRevoke.map((row) => row.id) }, revokedAt: null },
    data: { revokedAt: now, ...tokenRevoker(actor) },
  });
  for (const row of toRevoke) {
    await recordAuditEvent(tx, {
      organizationId,
      actor,
      action: "token.revoked",
      targetType: "api_token",
      targetId: row.id,
      metadata: { name: row.name, ...input.auditMetadata },
    });
  }

  return tokenIds.map((tokenId): BulkRevokeResult => {
    const row = byId.get(tokenId);
    if (!row) return { tokenId, name: null, outcome: "not_found" };
    const outcome = row.revokedAt === null ? "revoked" : "already_revoked";
    return { tokenId, name: row.name, outcome };
  });
}
