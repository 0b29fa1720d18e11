import "server-only";
import { db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";

// What the request log says about tokens: the API Tokens page insights and the token
// detail page's activity. Measured at 10,000,000 rows (docs/performance.md, "Logs at
// scale"): each is an index descent or a read of the daily roll-up, 0.01–0.5 ms, where
// the forms Prisma can express (a filter on organization_id as well, aggregating raw
// rows) took 646 ms and 4.5 s. Every statement is scoped to the organization or to its
// tokens.

// The denial codes (DENIED_STATUS_CODES, passed by the callers) are inlined as constants
// so that the planner can prove the partial index
// api_request_logs_token_id_created_at_denied_idx: one index descent, however busy the token.
function statusList(codes: readonly number[]): Prisma.Sql {
  return Prisma.raw(codes.map(Number).join(", "));
}

/**
 * Every token of the organization with its denials since `deniedSince` (count and latest
 * reason). The log subqueries match on token_id alone: the tokens are already scoped to
 * the organization and a token belongs to exactly one. An extra organization_id condition
 * let the planner walk the organization's index instead (646 ms at 10M rows, against
 * 0.5 ms with the partial index).
 */
export function readTokenInsightRows<Row>(
  organizationId: string,
  denied: {
    since: Date;
    statusCodes: readonly number[];
    /** Refusal reasons whose cause is gone: their denials are not counted. */
    ignoredReasons: readonly string[];
  },
): Promise<Row[]> {
  const deniedSince = denied.since;
  const deniedStatusList = statusList(denied.statusCodes);
  const counted =
    denied.ignoredReasons.length > 0
      ? Prisma.sql`AND (l.refusal_reason IS NULL OR l.refusal_reason NOT IN (${Prisma.join(denied.ignoredReasons)}))`
      : Prisma.empty;
  return db.$queryRaw<Row[]>(Prisma.sql`
    SELECT t.id::text AS id, t.created_at AS "createdAt", t.expires_at AS "expiresAt",
           t.revoked_at AS "revokedAt", t.rotated_at AS "rotatedAt",
           t.rotation_ends_at AS "rotationEndsAt", t.last_used_at AS "lastUsedAt",
           denied.count AS "deniedLast24h", latest_denied.refusal_reason AS "lastDeniedReason"
    FROM api_tokens t
    CROSS JOIN LATERAL (
      SELECT count(*)::int AS count FROM api_request_logs l
      WHERE l.token_id = t.id
        AND l.created_at >= ${deniedSince.toISOString()}::timestamptz
        AND l.status IN (${deniedStatusList}) ${counted}
    ) denied
    LEFT JOIN LATERAL (
      SELECT l.refusal_reason FROM api_request_logs l
      WHERE l.token_id = t.id
        AND l.created_at >= ${deniedSince.toISOString()}::timestamptz
        AND l.status IN (${deniedStatusList}) ${counted}
      ORDER BY l.created_at DESC
      LIMIT 1
    ) latest_denied ON true
    WHERE t.organization_id = ${organizationId}::uuid`);
}

/** One UTC day's requests of a token, from the daily roll-up. */
export type DailyAggregate = { day: string; successes: number; failures: number };

/**
 * The token's requests per UTC day from `sinceDay` ("YYYY-MM-DD"), only days with
 * requests, from the roll-up (0.18 ms at 10M rows; aggregating raw rows took 4.5 s).
 */
export function readDailyRequestCounts(
  organizationId: string,
  tokenId: string,
  sinceDay: string,
): Promise<DailyAggregate[]> {
  return db.$queryRaw<DailyAggregate[]>(Prisma.sql`
    SELECT to_char(day, 'YYYY-MM-DD') AS day,
           sum(successes)::int AS successes, sum(failures)::int AS failures
    FROM api_request_log_daily
    WHERE token_id = ${tokenId}::uuid
      AND organization_id = ${organizationId}::uuid
      AND day >= ${sinceDay}::date
    GROUP BY day`);
}

/** How many distinct IPs the token was used from since `sinceDay` (0.19 ms at 10M rows). */
export async function countDistinctTokenIps(
  organizationId: string,
  tokenId: string,
  sinceDay: string,
): Promise<number> {
  const [row] = await db.$queryRaw<{ count: number }[]>(Prisma.sql`
    SELECT count(DISTINCT client_ip)::int AS count FROM api_request_log_daily
    WHERE token_id = ${tokenId}::uuid
      AND organization_id = ${organizationId}::uuid
      AND day >= ${sinceDay}::date`);
  return row?.count ?? 0;
}

/**
 * Which IPs the token used between `since` and `at`: `ip` itself, and any other (an IP's
 * earliest request on some day of that window came before `at`). 0.01–0.02 ms at 10M rows
 * from the roll-up; 1.2 s on raw rows.
 */
export async function tokenIpsUsedBetween(
  organizationId: string,
  tokenId: string,
  ip: string,
  since: Date,
  at: Date,
): Promise<{ ip: boolean; otherIp: boolean }> {
  const [row] = await db.$queryRaw<{ ip: boolean | null; otherIp: boolean | null }[]>(Prisma.sql`
    SELECT bool_or(client_ip = ${ip}) AS ip, bool_or(client_ip <> ${ip}) AS "otherIp"
    FROM api_request_log_daily
    WHERE token_id = ${tokenId}::uuid
      AND organization_id = ${organizationId}::uuid
      AND day BETWEEN ${since.toISOString().slice(0, 10)}::date AND ${at.toISOString().slice(0, 10)}::date
      AND first_seen_at < ${at.toISOString()}::timestamptz
      AND last_seen_at >= ${since.toISOString()}::timestamptz`);
  return { ip: row?.ip ?? false, otherIp: row?.otherIp ?? false };
}

/**
 * The token's latest request answered with one of `deniedStatusCodes`, through the partial
 * index: at, ip, status, refusalReason, requiredScope, errorCode (the caller's `Row`).
 */
export async function readLastDeniedAttempt<Row>(
  organizationId: string,
  tokenId: string,
  deniedStatusCodes: readonly number[],
): Promise<Row | null> {
  const [row] = await db.$queryRaw<Row[]>(Prisma.sql`
    SELECT created_at AS "at", client_ip AS "ip", status::int AS "status",
           refusal_reason AS "refusalReason", required_scope AS "requiredScope",
           error_code AS "errorCode"
    FROM api_request_logs
    WHERE token_id = ${tokenId}::uuid
      AND organization_id = ${organizationId}::uuid
      AND status IN (${statusList(deniedStatusCodes)})
    ORDER BY created_at DESC
    LIMIT 1`);
  return row ?? null;
}
