import "server-only";
import type { ServiceContext } from "@/lib/auth/principal";
import { clock } from "@/lib/clock";
import { db } from "@/lib/db";
import { type TokenLabelState, tokenLabelState } from "@/lib/rules/token-label";
import { authorizeRead } from "@/lib/services/authorize";
import { readRequestLogPage } from "@/lib/sql";
import { encodeLogCursor, type RequestLogFilters } from "@/lib/validations/logs";
import type { RequestLogEntry } from "./types";

// The read side of the API request log. Every query is scoped to one organization and
// paginated with a keyset on (created_at, id) newest first, which the indexes
// (organization_id, created_at DESC, id DESC) and (token_id, created_at DESC, id DESC)
// serve directly: page 1 and page 1,000 both start with one index descent, where OFFSET
// would read and discard every earlier row.
//
// The other filters (status, method, IP, path) are evaluated in SQL on the rows the index
// walk produces, so a page costs "rows examined until `limit` matches are found". For the
// common views (all requests, one token, a time window) that is about `limit` rows. The
// statement itself is in lib/sql/access-log.ts.

/** A stored request as the dashboard reads it: the written entry plus the token's state now. */
export type RequestLogRow = Omit<
  RequestLogEntry,
  "organizationId" | "requestId" | "refusalReason" | "requiredScope"
> & {
  /** Internal row id: the keyset position and a stable key, never shown to customers. */
  id: string;
  /** The response's X-Request-Id; null for rows written before it was recorded. */
  requestId: string | null;
  /** Why the request was refused, as stored (see describeRefusalReason); null for none. */
  refusalReason: string | null;
  /** The scope a request refused for insufficient_scope needed; null otherwise or unrecorded. */
  requiredScope: string | null;
  /** The token's name now (null if the token no longer exists). */
  currentTokenName: string | null;
  tokenRevoked: boolean;
  /** The token's last four and what ends it, to name it (tokenLabel); null once deleted. */
  tokenLastFour: string | null;
  tokenRotatedAt: Date | null;
  tokenExpiresAt: Date | null;
};

type RawRequestLogRow = Omit<RequestLogRow, "id"> & { id: bigint };

export type RequestLogPage = {
  rows: RequestLogRow[];
  /** Cursor for the next (older) page, or null when this page is the last. */
  nextCursor: string | null;
};

/** One page of an organization's request log, newest first. */
export async function listRequestLogs(
  { principal, organizationId }: ServiceContext,
  filters: RequestLogFilters,
  now: Date = clock.now(),
): Promise<RequestLogPage> {
  await authorizeRead(principal, organizationId, "logs:read", { now });
  const raw = await readRequestLogPage<RawRequestLogRow>(organizationId, filters, now);
  const hasMore = raw.length > filters.limit;
  const rows = raw.slice(0, filters.limit).map((row) => ({ ...row, id: row.id.toString() }));
  const last = rows.at(-1);
  return {
    rows,
    nextCursor:
      hasMore && last ? encodeLogCursor({ createdAt: last.createdAt, id: BigInt(last.id) }) : null,
  };
}

export type LogTokenOption = {
  id: string;
  name: string;
  lastFour: string;
  /** Rotated, revoked or expired: no request can be made with it any more. */
  state: TokenLabelState | null;
};

/**
 * Tokens to offer in the token filter, revoked ones included (their history is kept): the
 * working ones first, then the others, each alphabetically. A rotated token and its
 * successor share a name; tokenLabel tells them apart.
 */
export async function listLogTokenOptions(
  { principal, organizationId }: ServiceContext,
  now: Date = clock.now(),
): Promise<LogTokenOption[]> {
  await authorizeRead(principal, organizationId, "logs:read");
  const tokens = await db.apiToken.findMany({
    where: { organizationId },
    select: {
      id: true,
      name: true,
      lastFour: true,
      revokedAt: true,
      rotatedAt: true,
      expiresAt: true,
    },
    orderBy: [{ name: "asc" }, { createdAt: "asc" }],
  });
  return tokens
    .map((token) => ({
      id: token.id,
      name: token.name,
      lastFour: token.lastFour,
      state: tokenLabelState(token, now),
    }))
    .sort((a, b) => Number(a.state !== null) - Number(b.state !== null));
}
