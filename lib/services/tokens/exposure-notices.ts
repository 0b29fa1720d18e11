import "server-only";
import type { ServiceContext, UserPrincipal } from "@/lib/auth/principal";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { authorize, authorizeRead } from "@/lib/services/authorize";
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

/** The member the notices are shown to, in the organization they are about. */
type MemberContext = ServiceContext<UserPrincipal>;

/**
 * The exposures the member has not dismissed in the organization: for a member who manages
 * tokens (tokens:write), the ones who can act on them.
 */
export async function listExposureNotices(context: MemberContext): Promise<ExposureNotices> {
  const { principal, organizationId } = context;
  await authorizeRead(principal, organizationId, "tokens:write");
  return readExposureNotices(db, { organizationId, userId: principal.userId });
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
 * Hides the banner for the member for every exposure up to `through` (the newest one it
 * was shown). Never moves back: a stale tab dismissing older exposures changes nothing.
 */
export async function dismissExposureNotices(
  { principal, organizationId }: MemberContext,
  input: { through: Date },
): Promise<void> {
  await db.$transaction(async (tx) => {
    await authorize(tx, principal, organizationId, "tokens:write");
    await tx.membership.updateMany({
      where: {
        organizationId,
        userId: principal.userId,
        OR: [
          { exposureNoticesDismissedThrough: null },
          { exposureNoticesDismissedThrough: { lt: input.through } },
        ],
      },
      data: { exposureNoticesDismissedThrough: input.through },
    });
  });
}
