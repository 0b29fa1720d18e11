import "server-only";
import type { ServiceContext } from "@/lib/auth/principal";
import { clock } from "@/lib/clock";
import { db } from "@/lib/db";
import { notFound } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import { authorizeRead } from "@/lib/services/authorize";
import {
  encodeCursor,
  type PageQuery,
  type Pagination,
  pageStart,
} from "@/lib/validations/pagination";
import { isUuid } from "@/lib/validations/uuid";
import { compareTokenSummaries, tokenSummarySelect, toTokenSummary } from "./token-summary";
import type { TokenSummary } from "./types";

/**
 * All tokens of the organization, revoked and expired ones included (their history stays
 * visible): active first, then expired, then revoked, newest first within each group.
 */
export async function listTokens({
  principal,
  organizationId,
}: ServiceContext): Promise<TokenSummary[]> {
  await authorizeRead(principal, organizationId, "tokens:read");
  const rows = await db.apiToken.findMany({
    where: { organizationId },
    select: tokenSummarySelect,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
  });
  const now = clock.now();
  return rows.map((row) => toTokenSummary(row, now)).sort(compareTokenSummaries);
}

/** What a page of tokens may be narrowed to (a token calling the API is never paused). */
export type TokenPageStatus = "active" | "rotated" | "expired" | "revoked";

export interface TokenPage {
  items: TokenSummary[];
  pagination: Pagination;
}

/**
 * A page of the organization's tokens, newest first, keyset-paginated on (createdAt, id)
 * like every /api/v1 list (the (organization_id, created_at) index serves it), optionally
 * only those of one status at `now`.
 */
export async function listTokenPage(
  { principal, organizationId }: ServiceContext,
  page: PageQuery & { status?: TokenPageStatus },
  now: Date = clock.now(),
): Promise<TokenPage> {
  await authorizeRead(principal, organizationId, "tokens:read", { now });
  const after = pageStart(page);
  const rows = await db.apiToken.findMany({
    where: {
      organizationId,
      ...(page.status && statusWhere(page.status, now)),
      ...(after && {
        OR: [
          { createdAt: { lt: after.createdAt } },
          { createdAt: after.createdAt, id: { lt: after.id } },
        ],
      }),
    },
    select: tokenSummarySelect,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: page.limit + 1,
  });
  const hasMore = rows.length > page.limit;
  const items = rows.slice(0, page.limit).map((row) => toTokenSummary(row, now));
  const last = items.at(-1);
  return {
    items,
    pagination: {
      limit: page.limit,
      nextCursor: hasMore && last ? encodeCursor(last) : null,
      hasMore,
    },
  };
}

// The conditions of tokenStatus (revoked wins over rotated, rotated over expired) as a filter.
function statusWhere(status: TokenPageStatus, now: Date): Prisma.ApiTokenWhereInput {
  if (status === "revoked") return { revokedAt: { not: null } };
  if (status === "rotated") return { revokedAt: null, rotatedAt: { not: null } };
  if (status === "expired") return { revokedAt: null, rotatedAt: null, expiresAt: { lte: now } };
  return {
    revokedAt: null,
    rotatedAt: null,
    AND: [{ OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] }],
  };
}

/**
 * One token of the organization. Another organization's id is simply "not found". A token
 * may always read itself (GET /api/v1/tokens/self), whatever its scopes.
 */
export async function getToken(
  { principal, organizationId }: ServiceContext,
  tokenId: string,
): Promise<TokenSummary> {
  await authorizeRead(principal, organizationId, "tokens:read", { onToken: tokenId });
  if (!isUuid(tokenId)) throw notFound("Token");
  const row = await db.apiToken.findFirst({
    where: { id: tokenId, organizationId },
    select: tokenSummarySelect,
  });
  if (!row) throw notFound("Token");
  return toTokenSummary(row);
}

/**
 * Which of `organizationIds` holds the token, or null: for a person in several
 * organizations who opens a token of one while another is current (a link from an email),
 * so the page can offer to switch instead of only saying "not found". The caller passes
 * only organizations the person belongs to; nothing about the token itself is returned.
 */
export async function findTokenOrganization(
  tokenId: string,
  organizationIds: readonly string[],
): Promise<string | null> {
  if (!isUuid(tokenId) || organizationIds.length === 0) return null;
  const row = await db.apiToken.findFirst({
    where: { id: tokenId, organizationId: { in: [...organizationIds] } },
    select: { organizationId: true },
  });
  return row?.organizationId ?? null;
}
