import "server-only";
import type { ServiceContext } from "@/lib/auth/principal";
import { clock } from "@/lib/clock";
import { db } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { authorizeRead } from "@/lib/services/authorize";
import { isUuid } from "@/lib/validations/uuid";

// The Access advisor: what a token's scopes and operations were used for, read from the
// api_token_usage_daily rollup (kept by a trigger on api_request_logs), never from the raw
// log: at most 90 days x operations rows for one token, by its primary key.

const DAY_MS = 24 * 60 * 60 * 1000;
/** The longer window; a scope not used within it is marked "Unused for 90 days". */
export const USAGE_WINDOW_DAYS = 90;
export const SHORT_WINDOW_DAYS = 30;

export interface ScopeUsage {
  scope: string;
  /** Last accepted request that needed this scope, within the window; null: none. */
  lastUsedAt: Date | null;
  requests30d: number;
  requests90d: number;
  unused90d: boolean;
}

export interface OperationUsage {
  /** "GET", "POST", … */
  method: string;
  /** The declared path template: "/api/v1/domains/{id}". */
  path: string;
  /** The scope it required ("self": a token acting on itself). */
  scope: string;
  requests30d: number;
  requests90d: number;
  lastUsedAt: Date;
}

export interface TokenUsage {
  tokenId: string;
  /** One entry per scope the token holds, in the token's order. */
  scopes: ScopeUsage[];
  /** Operations called in the last 90 days, most requests first. */
  operations: OperationUsage[];
  /** The scopes the token holds that it used in the last 90 days (what "Reduce" keeps). */
  usedScopes: string[];
  /** No accepted request in the window. */
  unused: boolean;
  /** The windows' start: 00:00 UTC, 89 and 29 days before today. */
  since90d: Date;
  since30d: Date;
}

/** 00:00 UTC `days - 1` days before `now`'s day: a window of `days` full days. */
export function usageWindowStart(now: Date, days: number): Date {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return new Date(today - (days - 1) * DAY_MS);
}

/** The token's usage by scope and by operation. Another organization's id: not found. */
export async function getTokenUsage(
  { principal, organizationId }: ServiceContext,
  tokenId: string,
  now: Date = clock.now(),
): Promise<TokenUsage> {
  await authorizeRead(principal, organizationId, "tokens:read", { onToken: tokenId });
  if (!isUuid(tokenId)) throw notFound("Token");
  const token = await db.apiToken.findFirst({
    where: { id: tokenId, organizationId },
    select: { id: true, scopes: true },
  });
  if (!token) throw notFound("Token");
  const since90d = usageWindowStart(now, USAGE_WINDOW_DAYS);
  const since30d = usageWindowStart(now, SHORT_WINDOW_DAYS);
  const rows = await db.apiTokenUsageDaily.findMany({
    where: { tokenId, organizationId, day: { gte: since90d } },
    select: { day: true, scope: true, operation: true, requests: true, lastUsedAt: true },
  });
  return summarizeUsage(token, rows, { since30d, since90d });
}

interface UsageRow {
  day: Date;
  scope: string;
  operation: string;
  requests: number;
  lastUsedAt: Date;
}

/** Folds the rollup's rows into the advisor's figures (pure, for the tests). */
export function summarizeUsage(
  token: { id: string; scopes: readonly string[] },
  rows: readonly UsageRow[],
  windows: { since30d: Date; since90d: Date },
): TokenUsage {
  const operations = new Map<string, OperationUsage>();
  const byScope = new Map<string, { last: Date; r30: number; r90: number }>();
  for (const row of rows) {
    const recent = row.day.getTime() >= windows.since30d.getTime();
    const scope = byScope.get(row.scope) ?? { last: row.lastUsedAt, r30: 0, r90: 0 };
    scope.r90 += row.requests;
    if (recent) scope.r30 += row.requests;
    if (row.lastUsedAt > scope.last) scope.last = row.lastUsedAt;
    byScope.set(row.scope, scope);

    const key = `${row.scope} ${row.operation}`;
    const space = row.operation.indexOf(" ");
    const operation = operations.get(key) ?? {
      method: row.operation.slice(0, space),
      path: row.operation.slice(space + 1),
      scope: row.scope,
      requests30d: 0,
      requests90d: 0,
      lastUsedAt: row.lastUsedAt,
    };
    operation.requests90d += row.requests;
    if (recent) operation.requests30d += row.requests;
    if (row.lastUsedAt > operation.lastUsedAt) operation.lastUsedAt = row.lastUsedAt;
    operations.set(key, operation);
  }
  const scopes = token.scopes.map((scope): ScopeUsage => {
    const used = byScope.get(scope);
    return {
      scope,
      lastUsedAt: used?.last ?? null,
      requests30d: used?.r30 ?? 0,
      requests90d: used?.r90 ?? 0,
      unused90d: !used,
    };
  });
  return {
    tokenId: token.id,
    scopes,
    operations: [...operations.values()].sort(
      (a, b) =>
        b.requests90d - a.requests90d ||
        a.path.localeCompare(b.path) ||
        a.method.localeCompare(b.method),
    ),
    usedScopes: scopes.filter((scope) => !scope.unused90d).map((scope) => scope.scope),
    unused: rows.length === 0,
    since90d: windows.since90d,
    since30d: windows.since30d,
  };
}
