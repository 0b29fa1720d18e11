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

type DailyAggregate = {
  day: string;
  successes: number;
  failures: number;
};

/**
 * Requests per UTC day and the number of distinct IPs over the window, read from the daily
 * roll-up (api_request_log_daily, maintained by a trigger on every log insert): at most
 * 30 days x IPs rows, however busy the token is.
 */
async function windowAggregates(
  organizationId: string,
  tokenId: string,
  since: Date,
): Promise<{ daily: DailyRequestCount[]; distinctIps: number }> {
  const rows = await db.$queryRaw<DailyAggregate[]>(Prisma.sql`
    SELECT to_char(day, 'YYYY-MM-DD') AS day,
           sum(successes)::int AS successes, sum(failures)::int AS failures
    FROM api_request_log_daily
    WHERE token_id = ${tokenId}::uuid
      AND organization_id = ${organizationId}::uuid
      AND day >= ${dayKey(since)}::date
    GROUP BY day`);
  const byDay = new Map(rows.map((row) => [row.day, row]));
  const daily = Array.from({ length: ACTIVITY_DAYS }, (_, index) => {
    const day = dayKey(new Date(since.getTime() + index * DAY_MS));
    const row = byDay.get(day);
    return { day, successes: row?.successes ?? 0, failures: row?.failures ?? 0 };
  });
  return { daily, distinctIps: await distinctIpCount(organizationId, tokenId, since) };
}

async function distinctIpCount(organizationId: string, tokenId: string, since: Date) {
  const [row] = await db.$queryRaw<{ count: number }[]>(Prisma.sql`
    SELECT count(DISTINCT client_ip)::int AS count FROM api_request_log_daily
    WHERE token_id = ${tokenId}::uuid
      AND organization_id = ${organizationId}::uuid
      AND day >= ${dayKey(since)}::date`);
  return row?.count ?? 0;
}

/**
 * Whether the IP of the token's latest request was used by the token in the 30 days
 * before it, from the daily roll-up: the IP's earliest use on any day in the window
 * must come before the latest request.
 */
async function seenBefore(
  organizationId: string,
  tokenId: string,
  latest: Pick<RequestLogRow, "id" | "createdAt" | "clientIp">,
): Promise<boolean> {
  const since = new Date(latest.createdAt.getTime() - ACTIVITY_DAYS * DAY_MS);
  const [row] = await db.$queryRaw<{ seen: boolean }[]>(Prisma.sql`
    SELECT EXISTS (
      SELECT 1 FROM api_request_log_daily
      WHERE token_id = ${tokenId}::uuid
        AND organization_id = ${organizationId}::uuid
        AND day BETWEEN ${dayKey(since)}::date AND ${dayKey(latest.createdAt)}::date
        AND client_ip = ${latest.clientIp}
        AND first_seen_at < ${latest.createdAt.toISOString()}::timestamptz
        AND last_seen_at >= ${since.toISOString()}::timestamptz
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
