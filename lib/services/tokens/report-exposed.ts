import "server-only";
import type { SystemPrincipal } from "@/lib/auth/principal";
import { hashApiToken, isWellFormedApiToken } from "@/lib/auth/token";
import { isTokenExpired } from "@/lib/auth/token-expiry";
import { clock } from "@/lib/clock";
import { db } from "@/lib/db";
import { isAppError } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { notifyTokenExposed } from "@/lib/services/notifications/create-notifications";
import { exposureColumns, revokeToken, type TokenExposure } from "./revoke-token";

// A secret-scanning report names tokens found in public (a commit, a paste, an issue). Each
// one of ours that still works is revoked at once by the system; one that no longer works
// (revoked, expired) only has the exposure recorded. Either way the token is ours, which is
// all the reporter learns. Only the token's hash is ever looked up or kept.

export interface ExposureReport {
  /** The value the reporter found, as sent (any string). */
  token: string;
  exposure: TokenExposure;
}

/**
 * Handles the reports in order and says, for each, whether it named a token of ours. A
 * token named twice in one batch is revoked once; the second report finds it revoked.
 */
export async function reportExposedTokens(
  reports: readonly ExposureReport[],
  ip: string | null,
): Promise<boolean[]> {
  const actor: SystemPrincipal = { kind: "system", reason: "exposed", ip };
  const results: boolean[] = [];
  // One at a time: a batch is at most 100 reports, and each revocation takes its
  // organization's token lock, which concurrent reports of one organization would queue on.
  for (const report of reports) results.push(await reportExposedToken(report, actor));
  return results;
}

async function reportExposedToken(
  report: ExposureReport,
  actor: SystemPrincipal,
): Promise<boolean> {
  if (!isWellFormedApiToken(report.token)) return false;
  const token = await db.apiToken.findUnique({
    where: { tokenHash: hashApiToken(report.token) },
    select: { id: true, organizationId: true, revokedAt: true, expiresAt: true },
  });
  if (!token) return false;

  if (token.revokedAt === null && !isTokenExpired(token.expiresAt)) {
    try {
      await revokeToken(
        { principal: actor, organizationId: token.organizationId },
        { tokenId: token.id, exposure: report.exposure },
      );
      await notifyOwners(token.id);
      return true;
    } catch (error) {
      // Revoked by someone else a moment ago: it is unusable now, like any revoked token.
      if (!isAppError(error) || error.code !== "conflict") throw error;
    }
  }
  await recordExposure(token.id, report.exposure);
  return true;
}

/**
 * Tells owners and admins, after the revocation committed. A failure here is logged, not
 * thrown: the token is revoked either way, and the reporter must hear that it was ours.
 */
async function notifyOwners(tokenId: string): Promise<void> {
  try {
    await notifyTokenExposed(tokenId);
  } catch (error) {
    logger().error({ tokenId, error }, "exposure notification failed");
  }
}

/** Records the first report on a token that no longer works; later reports change nothing. */
async function recordExposure(tokenId: string, exposure: TokenExposure): Promise<void> {
  await db.apiToken.updateMany({
    where: { id: tokenId, exposedAt: null },
    data: exposureColumns(exposure, clock.now()),
  });
}
