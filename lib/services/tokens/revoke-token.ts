import "server-only";
import type { ServiceContext } from "@/lib/auth/principal";
import { clock } from "@/lib/clock";
import { db } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import { recordAuditEvent } from "@/lib/services/audit/record-audit-event";
import { isUuid } from "@/lib/validations/uuid";
import { authorizeTokenActor, lockOrganizationTokens } from "./guards";
import { tokenRevoker } from "./token-maker";
import { tokenSummarySelect, toTokenSummary } from "./token-summary";
import type { TokenSummary } from "./types";

export const ALREADY_REVOKED_MESSAGE = "This token has already been revoked";

/** Where a token was found exposed: stored on the token and told in the audit event. */
export interface TokenExposure {
  /** Already storable (token-shaped values masked, clipped); null when not reported. */
  url: string | null;
  source: string | null;
}

export interface RevokeTokenInput {
  tokenId: string;
  /** Set by the system (a secret-scanning report): where the token was found. */
  exposure?: TokenExposure;
  /** Set by the system's unused-token policy: the days the token went unused. */
  unusedDays?: number;
}

/**
 * Revokes a token permanently: the API refuses it from the next request on (it reads the
 * row on every request) and there is no restore. The row and its usage history stay.
 * Allowed on every plan, so an organization that downgraded can still shut off a leak. The
 * principal: a member (owner or admin); a token with tokens:write, or revoking itself; or the
 * system, for a token found exposed (with `exposure`).
 */
export async function revokeToken(
  ctx: ServiceContext,
  input: RevokeTokenInput,
): Promise<TokenSummary> {
  const { organizationId, principal: actor } = ctx;
  const { tokenId, exposure, unusedDays } = input;
  if (!isUuid(tokenId)) throw notFound("Token");

  return db.$transaction(async (tx) => {
    const now = clock.now();
    await lockOrganizationTokens(tx, organizationId);
    // Revoking only ever takes access away, so a token's grant sets no ceiling here (a
    // rotated token may still revoke only itself); the system acts on a report that carries
    // the token itself (authorize allows it that).
    await authorizeTokenActor(tx, ctx, { action: "revoke", tokenId }, now);

    // The revoked_at IS NULL condition makes a concurrent second revoke a no-op that is
    // reported as a conflict, instead of overwriting the first revocation's time and actor.
    const { count } = await tx.apiToken.updateMany({
      where: { id: tokenId, organizationId, revokedAt: null },
      data: {
        revokedAt: now,
        ...tokenRevoker(actor),
        ...(exposure && exposureColumns(exposure, now)),
        ...(unusedDays !== undefined && { revokedReason: "unused", revokedUnusedDays: unusedDays }),
      },
    });
    const row = await tx.apiToken.findFirst({
      where: { id: tokenId, organizationId },
      select: tokenSummarySelect,
    });
    if (!row) throw notFound("Token");
    if (count === 0) throw new AppError("conflict", ALREADY_REVOKED_MESSAGE);

    await recordAuditEvent(tx, {
      organizationId,
      actor,
      action: "token.revoked",
      targetType: "api_token",
      targetId: tokenId,
      metadata: {
        name: row.name,
        ...(actor.kind === "system" && { reason: actor.reason }),
        ...(exposure && { exposedUrl: exposure.url, exposedSource: exposure.source }),
        ...(unusedDays !== undefined && { unusedDays }),
      },
    });

    return toTokenSummary(row, now);
  });
}

/** The columns that record where and when a token was found exposed. */
export function exposureColumns(exposure: TokenExposure, at: Date) {
  return { exposedAt: at, exposedUrl: exposure.url, exposedSource: exposure.source };
}
