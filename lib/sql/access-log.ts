import "server-only";
import ipaddr from "ipaddr.js";
import { clock } from "@/lib/clock";
import { db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { escapeLikePattern } from "@/lib/like-pattern";
import { type IpFilter, type RequestLogFilters, resolveTimeBounds } from "@/lib/validations/logs";

// The Access Logs page query. Prisma's query builder cannot express its plan: the keyset
// as a row comparison on (created_at, id), which the index (organization_id, created_at
// DESC, id DESC) and (token_id, created_at DESC, id DESC) serve with one descent, the join
// to api_tokens after LIMIT so it touches only the page's rows, and the guarded inet cast
// of the IP filter. Measured at 10,000,000 rows (docs/performance.md, "Logs at scale"):
// the first page, one token's last 7 days, page 1,000 and a cursor in the middle of the
// data each cost 0.05–0.2 ms, a rare status (0.5 % of rows) 2–4 ms.

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
function requestLogConditions(
  organizationId: string,
  filters: Omit<RequestLogFilters, "cursor" | "limit">,
  now: Date,
): Prisma.Sql[] {
  const conditions: Prisma.Sql[] = [Prisma.sql`l.organization_id = ${organizationId}::uuid`];
  if (filters.tokenId) conditions.push(Prisma.sql`l.token_id = ${filters.tokenId}::uuid`);
  if (filters.domainId) conditions.push(Prisma.sql`l.domain_id = ${filters.domainId}::uuid`);
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
 * The page query: `limit + 1` rows, so the caller knows whether an older page follows.
 * Exported so that the EXPLAIN tests check the exact SQL the page runs.
 */
export function requestLogPageQuery(
  organizationId: string,
  filters: RequestLogFilters,
  now: Date = clock.now(),
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
           (t.revoked_at IS NOT NULL) AS "tokenRevoked", t.last_four AS "tokenLastFour",
           t.rotated_at AS "tokenRotatedAt", t.expires_at AS "tokenExpiresAt",
           p.method, p.path, p.status::int AS status, p.client_ip AS "clientIp",
           p.user_agent AS "userAgent", p.duration_ms AS "durationMs",
           p.request_summary AS "requestSummary", p.response_summary AS "responseSummary",
           p.error_code AS "errorCode", p.request_id AS "requestId",
           p.refusal_reason AS "refusalReason", p.after_rotation AS "afterRotation",
           p.required_scope AS "requiredScope",
           p.domain_id::text AS "domainId"
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

/**
 * Up to `filters.limit + 1` rows of the organization's request log, newest first, with
 * the columns the page query names (the caller's `Row`; `id` is a bigint).
 */
export function readRequestLogPage<Row>(
  organizationId: string,
  filters: RequestLogFilters,
  now: Date = clock.now(),
): Promise<Row[]> {
  return db.$queryRaw<Row[]>(requestLogPageQuery(organizationId, filters, now));
}
