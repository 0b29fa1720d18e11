import "server-only";
import ipaddr from "ipaddr.js";
import { db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import {
  encodeLogCursor,
  type IpFilter,
  type RequestLogFilters,
  resolveTimeBounds,
} from "@/lib/validations/logs";
import type { RequestLogEntry } from "./types";

// The read side of the API request log. Every query is scoped to one organization and
// paginated with a keyset on (created_at, id) newest first, which the indexes
// (organization_id, created_at DESC, id DESC) and (token_id, created_at DESC, id DESC)
// serve directly: page 1 and page 1,000 both start with one index descent, where OFFSET
// would read and discard every earlier row.
//
// The other filters (status, method, IP, path) are evaluated in SQL on the rows the index
// walk produces, so a page costs "rows examined until `limit` matches are found". For the
// common views (all requests, one token, a time window) that is about `limit` rows.

/** A stored request as the dashboard reads it: the written entry plus the token's state now. */
export type RequestLogRow = Omit<
  RequestLogEntry,
  "organizationId" | "requestId" | "refusalReason"
> & {
  /** Internal row id: the keyset position and a stable key, never shown to customers. */
  id: string;
  /** The response's X-Request-Id; null for rows written before it was recorded. */
  requestId: string | null;
  /** Why the request was refused, as stored (see describeRefusalReason); null for none. */
  refusalReason: string | null;
  /** The token's name now (null if the token no longer exists). */
  currentTokenName: string | null;
  tokenRevoked: boolean;
};

export type RequestLogPage = {
  rows: RequestLogRow[];
  /** Cursor for the next (older) page, or null when this page is the last. */
  nextCursor: string | null;
};

type RawRequestLogRow = Omit<RequestLogRow, "id"> & { id: bigint };

function escapeLikePattern(value: string): string {
  return value.replace(/[\\%_]/g, (character) => `\\${character}`);
}

/**
 * The SQL condition for an IP/CIDR filter. The request logger stores the canonical text
 * of the address (compressed lower-case IPv6, IPv4-mapped addresses as IPv4, the same
 * form parseIpFilter produces) or "unknown". A single address is therefore a plain text
 * comparison; a range casts to inet, guarded so that "unknown" never reaches the cast.
 */
function ipCondition(ip: IpFilter): Prisma.Sql {
  const [network, prefix] = ipaddr.parseCIDR(ip.cidr);
  const hostPrefix = network.kind() === "ipv4" ? 32 : 128;
  if (prefix === hostPrefix) return Prisma.sql`l.client_ip = ${network.toString()}`;
  return Prisma.sql`(CASE WHEN l.client_ip ~ '^[0-9a-fA-F:.]+$' THEN l.client_ip::inet END) <<= ${ip.cidr}::inet`;
}

/** WHERE conditions for the filters (without the cursor), always tenant-scoped. */
export function requestLogConditions(
  organizationId: string,
  filters: Omit<RequestLogFilters, "cursor" | "limit">,
  now: Date = new Date(),
): Prisma.Sql[] {
  const conditions: Prisma.Sql[] = [Prisma.sql`l.organization_id = ${organizationId}::uuid`];
  if (filters.tokenId) conditions.push(Prisma.sql`l.token_id = ${filters.tokenId}::uuid`);
  if (filters.statusClass) {
    const lowest = Number(filters.statusClass[0]) * 100;
    conditions.push(Prisma.sql`l.status BETWEEN ${lowest} AND ${lowest + 99}`);
  }
  if (filters.statusCodes?.length) {
    conditions.push(Prisma.sql`l.status IN (${Prisma.join(filters.statusCodes)})`);
  }
  if (filters.method) conditions.push(Prisma.sql`l.method = ${filters.method}`);
  if (filters.ip) conditions.push(ipCondition(filters.ip));
  if (filters.pathContains) {
    const pattern = `%${escapeLikePattern(filters.pathContains)}%`;
    conditions.push(Prisma.sql`l.path ILIKE ${pattern}`);
  }
  // Served by the (organization_id, request_id) index: a quoted id is found at once.
  if (filters.requestId) conditions.push(Prisma.sql`l.request_id = ${filters.requestId}`);
  const { from, to } = resolveTimeBounds(filters, now);
  if (from) conditions.push(Prisma.sql`l.created_at >= ${from.toISOString()}::timestamptz`);
  if (to) conditions.push(Prisma.sql`l.created_at <= ${to.toISOString()}::timestamptz`);
  return conditions;
}

/**
 * The page query. The join to api_tokens happens after LIMIT so it touches only the
 * rows of the page. Exported so that the EXPLAIN tests check the exact SQL the page runs.
 */
export function requestLogPageQuery(
  organizationId: string,
  filters: RequestLogFilters,
  now: Date = new Date(),
): Prisma.Sql {
  const conditions = requestLogConditions(organizationId, filters, now);
  if (filters.cursor) {
    conditions.push(
      Prisma.sql`(l.created_at, l.id) < (${filters.cursor.createdAt.toISOString()}::timestamptz, ${filters.cursor.id.toString()}::bigint)`,
    );
  }
  return Prisma.sql`
    SELECT p.id, p.created_at AS "createdAt", p.token_id::text AS "tokenId",
           p.token_name AS "tokenName", t.name AS "currentTokenName",
           (t.revoked_at IS NOT NULL) AS "tokenRevoked",
           p.method, p.path, p.status::int AS status, p.client_ip AS "clientIp",
           p.user_agent AS "userAgent", p.duration_ms AS "durationMs",
           p.request_summary AS "requestSummary", p.response_summary AS "responseSummary",
           p.error_code AS "errorCode", p.request_id AS "requestId",
           p.refusal_reason AS "refusalReason"
    FROM (
      SELECT l.*
      FROM api_request_logs l
      WHERE ${Prisma.join(conditions, " AND ")}
      ORDER BY l.created_at DESC, l.id DESC
      LIMIT ${filters.limit + 1}
    ) p
    LEFT JOIN api_tokens t ON t.id = p.token_id
    ORDER BY p.created_at DESC, p.id DESC`;
}

/** One page of an organization's request log, newest first. */
export async function listRequestLogs(
  organizationId: string,
  filters: RequestLogFilters,
  now: Date = new Date(),
): Promise<RequestLogPage> {
  const raw = await db.$queryRaw<RawRequestLogRow[]>(
    requestLogPageQuery(organizationId, filters, now),
  );
  const hasMore = raw.length > filters.limit;
  const rows = raw.slice(0, filters.limit).map((row) => ({ ...row, id: row.id.toString() }));
  const last = rows.at(-1);
  return {
    rows,
    nextCursor:
      hasMore && last ? encodeLogCursor({ createdAt: last.createdAt, id: BigInt(last.id) }) : null,
  };
}

export type LogTokenOption = { id: string; name: string; revoked: boolean };

/** Tokens to offer in the token filter, revoked ones included (their history is kept). */
export async function listLogTokenOptions(organizationId: string): Promise<LogTokenOption[]> {
  const tokens = await db.apiToken.findMany({
    where: { organizationId },
    select: { id: true, name: true, revokedAt: true },
    orderBy: [{ name: "asc" }, { createdAt: "asc" }],
  });
  // Active tokens first, then revoked ones, each alphabetically.
  return tokens
    .map((token) => ({ id: token.id, name: token.name, revoked: token.revokedAt !== null }))
    .sort((a, b) => Number(a.revoked) - Number(b.revoked));
}
