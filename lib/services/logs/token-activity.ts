import "server-only";
import type { ServiceContext } from "@/lib/auth/principal";
import { clock } from "@/lib/clock";
import { db } from "@/lib/db";
import { ACTIVITY_DAYS, DENIED_STATUS_CODES } from "@/lib/rules/insight-rules";
import { authorizeRead } from "@/lib/services/authorize";
import { type TokenLastUse as LastUse, tokenLastUse } from "@/lib/services/tokens/token-summary";
import {
  countDistinctTokenIps,
  readDailyRequestCounts,
  readLastDeniedAttempt,
  tokenIpsUsedBetween,
} from "@/lib/sql";
import { listRequestLogs, type RequestLogRow } from "./query";

// What one token has been doing: the data behind the activity section of the token
// detail page. Every query is scoped to the organization as well as the token, so a
// token id from another organization yields an empty activity, never its rows.

const DAY_MS = 24 * 60 * 60 * 1000;

export type DailyRequestCount = {
  /** UTC calendar day, "YYYY-MM-DD". */
  day: string;
  successes: number;
  failures: number;
};

/** The token's last use (see tokenLastUse: the one definition of "last used"). */
export type TokenLastUse = LastUse & {
  /** The IP was not used by this token in the 30 days before this use, while others were. */
  isNewIp: boolean;
};

/** The token's latest request refused at authentication (answered 401 or 403). */
export type TokenDeniedAttempt = {
  at: Date;
  ip: string;
  status: number;
  /** As stored (describeRefusalReason gives the words); null for rows written before. */
  refusalReason: string | null;
  /** The scope a request refused for insufficient_scope needed, when recorded. */
  requiredScope: string | null;
  errorCode: string | null;
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
  lastDenied: TokenDeniedAttempt | null;
};

/** Start of the window: 00:00 UTC, 29 days before today, so the chart has 30 full days. */
export function activityWindowStart(now: Date): Date {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return new Date(today - (ACTIVITY_DAYS - 1) * DAY_MS);
}

function dayKey(date: Date): string {
  return date.toISOString().slice(0, 10);
}

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
  const rows = await readDailyRequestCounts(organizationId, tokenId, dayKey(since));
  const byDay = new Map(rows.map((row) => [row.day, row]));
  const daily = Array.from({ length: ACTIVITY_DAYS }, (_, index) => {
    const day = dayKey(new Date(since.getTime() + index * DAY_MS));
    const row = byDay.get(day);
    return { day, successes: row?.successes ?? 0, failures: row?.failures ?? 0 };
  });
  return {
    daily,
    distinctIps: await countDistinctTokenIps(organizationId, tokenId, dayKey(since)),
  };
}

/**
 * Whether `ip` is new to the token at `at`: in the 30 days before, it used other IPs but
 * not this one (from the daily roll-up). The first IP a token ever uses is not "new": there
 * is nothing it is new against.
 */
async function isNewIpAt(
  organizationId: string,
  tokenId: string,
  ip: string,
  at: Date,
): Promise<boolean> {
  const since = new Date(at.getTime() - ACTIVITY_DAYS * DAY_MS);
  const used = await tokenIpsUsedBetween(organizationId, tokenId, ip, since, at);
  return used.otherIp && !used.ip;
}

async function lastUse(
  organizationId: string,
  tokenId: string,
  since: Date,
): Promise<TokenLastUse | null> {
  const token = await db.apiToken.findFirst({
    where: { id: tokenId, organizationId },
    select: { lastUsedAt: true, lastUsedIp: true },
  });
  const use = token ? tokenLastUse(token) : null;
  if (!use) return null;
  // A use older than the window may predate the logs still kept: no claim about its IP.
  const judged = use.ip !== null && use.at >= since;
  const isNewIp = judged && (await isNewIpAt(organizationId, tokenId, use.ip!, use.at));
  return { ...use, isNewIp };
}

/** A token's use over the last 30 days: what its log says (logs:read). */
export async function getTokenActivity(
  context: ServiceContext,
  tokenId: string,
  options: { recentLimit?: number; now?: Date } = {},
): Promise<TokenActivity> {
  const { principal, organizationId } = context;
  const now = options.now ?? clock.now();
  const since = activityWindowStart(now);
  // Before any of the reads below starts: they run side by side.
  await authorizeRead(principal, organizationId, "logs:read", { now });
  const [recentPage, { daily, distinctIps }, lastUsed, lastDenied] = await Promise.all([
    listRequestLogs(context, { tokenId, limit: options.recentLimit ?? 20 }, now),
    windowAggregates(organizationId, tokenId, since),
    lastUse(organizationId, tokenId, since),
    readLastDeniedAttempt<TokenDeniedAttempt>(organizationId, tokenId, DENIED_STATUS_CODES),
  ]);

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
    lastDenied,
  };
}
