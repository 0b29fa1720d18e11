import { db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { listRequestLogs, type RequestLogRow } from "./query";

// What one token has been doing: the data behind the activity section of the token
// detail page. Every query is scoped to the organization as well as the token, so a
// token id from another organization yields an empty activity, never its rows.

export const ACTIVITY_DAYS = 30;
const DAY_MS = 24 * 60 * 60 * 1000;

export type DailyRequestCount = {
  /** UTC calendar day, "YYYY-MM-DD". */
  day: string;
  successes: number;
  failures: number;
};

export type TokenLastUse = {
  at: Date;
  ip: string | null;
  /** The IP was not used by this token in the 30 days before this request. */
  isNewIp: boolean;
};

export type TokenActivity = {
  recent: RequestLogRow[];
  /** One entry per UTC day, oldest first, days without requests included. */
  daily: DailyRequestCount[];
  totalRequests: number;
  failedRequests: number;
  /** Failures / total over the window, null when there were no requests. */
  failureRate: number | null;
  distinctIps: number;
  lastUsed: TokenLastUse | null;
};

/** Start of the window: 00:00 UTC, 29 days before today, so the chart has 30 full days. */
export function activityWindowStart(now: Date): Date {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return new Date(today - (ACTIVITY_DAYS - 1) * DAY_MS);
}

function dayKey(date: Date): string {
  return date.toISOString().slice(0, 10);
}

type WindowAggregate = {
  day: string | null;
  successes: number;
  failures: number;
  distinctIps: number;
};

/**
 * Requests per UTC day and the number of distinct IPs over the window, in one pass over
 * the token's index range: rows are first grouped by (day, IP), a small set, which then
 * yields both the daily totals and the distinct IPs.
 */
async function windowAggregates(
  organizationId: string,
  tokenId: string,
  since: Date,
): Promise<{ daily: DailyRequestCount[]; distinctIps: number }> {
  const rows = await db.$queryRaw<WindowAggregate[]>(Prisma.sql`
    WITH per_day_ip AS (
      SELECT floor(extract(epoch FROM created_at) / 86400)::int AS day_number, client_ip,
             count(*) FILTER (WHERE status < 400) AS successes,
             count(*) FILTER (WHERE status >= 400) AS failures
      FROM api_request_logs
      WHERE token_id = ${tokenId}::uuid
        AND organization_id = ${organizationId}::uuid
        AND created_at >= ${since.toISOString()}::timestamptz
      GROUP BY 1, 2
    )
    SELECT to_char(to_timestamp(day_number::bigint * 86400) AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day,
           sum(successes)::int AS successes, sum(failures)::int AS failures, 0 AS "distinctIps"
    FROM per_day_ip GROUP BY day_number
    UNION ALL
    SELECT NULL, 0, 0, count(DISTINCT client_ip)::int FROM per_day_ip`);

  const byDay = new Map(rows.filter((row) => row.day !== null).map((row) => [row.day, row]));
  const daily = Array.from({ length: ACTIVITY_DAYS }, (_, index) => {
    const day = dayKey(new Date(since.getTime() + index * DAY_MS));
    const row = byDay.get(day);
    return { day, successes: row?.successes ?? 0, failures: row?.failures ?? 0 };
  });
  const distinctIps = rows.find((row) => row.day === null)?.distinctIps ?? 0;
  return { daily, distinctIps };
}

/**
 * Whether the IP of the token's latest request was used by the token in the 30 days
 * before it. EXISTS stops at the first earlier use, which for a familiar IP is a few
 * index entries away.
 */
async function seenBefore(
  organizationId: string,
  tokenId: string,
  latest: Pick<RequestLogRow, "id" | "createdAt" | "clientIp">,
): Promise<boolean> {
  const since = new Date(latest.createdAt.getTime() - ACTIVITY_DAYS * DAY_MS);
  const [row] = await db.$queryRaw<{ seen: boolean }[]>(Prisma.sql`
    SELECT EXISTS (
      SELECT 1 FROM api_request_logs
      WHERE token_id = ${tokenId}::uuid
        AND organization_id = ${organizationId}::uuid
        AND created_at >= ${since.toISOString()}::timestamptz
        AND (created_at, id) < (${latest.createdAt.toISOString()}::timestamptz, ${latest.id}::bigint)
        AND client_ip = ${latest.clientIp}
    ) AS seen`);
  return row?.seen ?? false;
}

async function lastUse(
  organizationId: string,
  tokenId: string,
  latest: RequestLogRow | undefined,
): Promise<TokenLastUse | null> {
  if (latest) {
    const isNewIp = !(await seenBefore(organizationId, tokenId, latest));
    return { at: latest.createdAt, ip: latest.clientIp, isNewIp };
  }
  // The log may have been pruned while the token keeps its last-use stamp.
  const token = await db.apiToken.findFirst({
    where: { id: tokenId, organizationId },
    select: { lastUsedAt: true, lastUsedIp: true },
  });
  return token?.lastUsedAt ? { at: token.lastUsedAt, ip: token.lastUsedIp, isNewIp: false } : null;
}

export async function getTokenActivity(
  organizationId: string,
  tokenId: string,
  options: { recentLimit?: number; now?: Date } = {},
): Promise<TokenActivity> {
  const now = options.now ?? new Date();
  const since = activityWindowStart(now);
  const [recentPage, { daily, distinctIps }] = await Promise.all([
    listRequestLogs(organizationId, { tokenId, limit: options.recentLimit ?? 20 }, now),
    windowAggregates(organizationId, tokenId, since),
  ]);
  const lastUsed = await lastUse(organizationId, tokenId, recentPage.rows[0]);

  const totalRequests = daily.reduce((sum, day) => sum + day.successes + day.failures, 0);
  const failedRequests = daily.reduce((sum, day) => sum + day.failures, 0);
  return {
    recent: recentPage.rows,
    daily,
    totalRequests,
    failedRequests,
    failureRate: totalRequests > 0 ? failedRequests / totalRequests : null,
    distinctIps,
    lastUsed,
  };
}
