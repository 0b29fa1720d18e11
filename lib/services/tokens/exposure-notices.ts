import "server-only";
import type { UserPrincipal } from "@/lib/auth/principal";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { authorize } from "@/lib/services/authorize";
import type { ServiceContext } from "@/lib/services/context";
import type { TokenExposureSummary } from "./types";

// The banner that tells owners and admins a token of theirs was found exposed. Each member
// dismisses it for themselves, up to the newest exposure it showed
// (memberships.exposure_notices_dismissed_through): it stays away in every browser until a
// token is exposed after that.

/** How many exposed tokens the banner names; it counts the others. */
export const EXPOSURE_NOTICE_LIMIT = 3;

export interface ExposedTokenNotice {
  id: string;
  name: string;
  lastFour: string;
  exposure: TokenExposureSummary;
}

export interface ExposureNotices {
  /** The newest exposures not dismissed yet, newest first (at most EXPOSURE_NOTICE_LIMIT). */
  tokens: ExposedTokenNotice[];
  /** All not dismissed, those shown included. */
  total: number;
  /** What dismissing what is shown means: every exposure up to this instant. */
  newestAt: Date | null;
}

/**
 * The exposures `userId` has not dismissed in `organizationId`: for a member who manages
 * tokens (tokens:write), the ones who can act on them.
 */
export async function listExposureNotices(params: {
  organizationId: string;
  userId: string;
}): Promise<ExposureNotices> {
  return db.$transaction(async (tx) => {
    await authorize(tx, asMember(params.userId), params.organizationId, "tokens:write");
    return readExposureNotices(tx, params);
  });
}

async function readExposureNotices(
  tx: Prisma.TransactionClient,
  params: { organizationId: string; userId: string },
): Promise<ExposureNotices> {
  const membership = await tx.membership.findUnique({
    where: {
      organizationId_userId: { organizationId: params.organizationId, userId: params.userId },
    },
    select: { exposureNoticesDismissedThrough: true },
  });
  const through = membership?.exposureNoticesDismissedThrough;
  const where = {
    organizationId: params.organizationId,
    exposedAt: through ? { gt: through } : { not: null },
  };
  const [rows, total] = await Promise.all([
    tx.apiToken.findMany({
      where,
      orderBy: [{ exposedAt: "desc" }, { id: "desc" }],
      take: EXPOSURE_NOTICE_LIMIT,
      select: {
        id: true,
        name: true,
        lastFour: true,
        exposedAt: true,
        exposedUrl: true,
        exposedSource: true,
      },
    }),
    tx.apiToken.count({ where }),
  ]);
  const tokens = rows.flatMap((row) =>
    row.exposedAt
      ? [
          {
            id: row.id,
            name: row.name,
            lastFour: row.lastFour,
            exposure: { at: row.exposedAt, url: row.exposedUrl, source: row.exposedSource },
          },
        ]
      : [],
  );
  return { tokens, total, newestAt: tokens[0]?.exposure.at ?? null };
}

/**
 * Hides the banner for the acting member for every exposure up to `through` (the newest one
 * it was shown). Never moves back: a stale tab dismissing older exposures changes nothing.
 * The notices are a member's own: for any other principal there is nothing to dismiss.
 */
export async function dismissExposureNotices(
  ctx: ServiceContext,
  input: { through: Date },
): Promise<void> {
  const { principal, organizationId } = ctx;
  const { through } = input;
  await db.$transaction(async (tx) => {
    await authorize(tx, principal, organizationId, "tokens:write");
    if (principal.kind !== "user") return;
    await tx.membership.updateMany({
      where: {
        organizationId,
        userId: principal.userId,
        OR: [
          { exposureNoticesDismissedThrough: null },
          { exposureNoticesDismissedThrough: { lt: through } },
        ],
      },
      data: { exposureNoticesDismissedThrough: through },
    });
  });
}

/** The member the notices are shown to, acting on their own (reads record no IP). */
function asMember(userId: string): UserPrincipal {
  return { kind: "user", userId, ip: null };
}
