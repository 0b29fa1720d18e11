import "server-only";
import { db } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import { recordAuditEvent } from "@/lib/services/audit/record-audit-event";
import { isUuid } from "@/lib/validations/uuid";
import { assertCanManageTokens, lockOrganizationTokens } from "./guards";
import { tokenSummarySelect, toTokenSummary } from "./token-summary";
import type { TokenSummary } from "./types";

export const ALREADY_REVOKED_MESSAGE = "This token has already been revoked";

export interface RevokeTokenParams {
  organizationId: string;
  actorId: string;
  ip: string | null;
  tokenId: string;
}

/**
 * Revokes a token permanently: the API refuses it from the next request on (it reads the
 * row on every request) and there is no restore. The row and its usage history stay.
 * Allowed on every plan, so an organization that downgraded can still shut off a leak.
 */
export async function revokeToken(params: RevokeTokenParams): Promise<TokenSummary> {
  const { organizationId, actorId, tokenId } = params;
  if (!isUuid(tokenId)) throw notFound("Token");

  return db.$transaction(async (tx) => {
    await assertCanManageTokens(tx, { organizationId, actorId, requireApiPlan: false });
    await lockOrganizationTokens(tx, organizationId);

    const now = new Date();
    // The revoked_at IS NULL condition makes a concurrent second revoke a no-op that is
    // reported as a conflict, instead of overwriting the first revocation's time and actor.
    const { count } = await tx.apiToken.updateMany({
      where: { id: tokenId, organizationId, revokedAt: null },
      data: { revokedAt: now, revokedById: actorId },
    });
    const row = await tx.apiToken.findFirst({
      where: { id: tokenId, organizationId },
      select: tokenSummarySelect,
    });
    if (!row) throw notFound("Token");
    if (count === 0) throw new AppError("conflict", ALREADY_REVOKED_MESSAGE);

    await recordAuditEvent(tx, {
      organizationId,
      actorId,
      action: "token.revoked",
      targetType: "api_token",
      targetId: tokenId,
      metadata: { name: row.name },
      ip: params.ip,
    });

    return toTokenSummary(row, now);
  });
}
