import "server-only";
import type { ServiceContext } from "@/lib/auth/principal";
import { clock } from "@/lib/clock";
import type { Plan } from "@/lib/generated/prisma/enums";
import { planHasApiAccess } from "@/lib/plans";
import type { RefusalReason } from "@/lib/refusal-reasons";
import {
  DENIED_STATUS_CODES,
  DENIED_WINDOW_HOURS,
  type InsightRow,
  type TokenInsight,
  tokenInsightFromRow,
} from "@/lib/rules/insight-rules";
import { authorizeRead } from "@/lib/services/authorize";
import { readTokenInsightRows } from "@/lib/sql";

// At-a-glance hints for the API Tokens list: tokens nobody uses (candidates for
// revocation), tokens about to expire, and tokens whose requests are being denied.
// One query for the whole organization (lib/sql/token-logs.ts): per-token figures come
// from LATERAL subqueries that each walk a token_id index, never one query per token.

export * from "@/lib/rules/insight-rules";

/**
 * Refusal reasons whose cause the organization has since removed. A denial for the plan is
 * history once the plan has API access again (after upgrading back), so it no longer
 * needs attention; a revoked or expired token stays so, and an allowlist or scope denial
 * cannot be judged from here.
 */
export function settledRefusalReasons(plan: Plan): RefusalReason[] {
  return planHasApiAccess(plan) ? ["plan_without_api_access"] : [];
}

/**
 * Insights for every token of the organization, keyed by token id. Computed from the
 * database on every call (nothing cached), so a cause removed a moment ago is gone; the
 * plan is the organization's as the request read it.
 */
export async function getTokenInsights(
  { principal, organizationId }: ServiceContext,
  now: Date = clock.now(),
): Promise<Map<string, TokenInsight>> {
  const authorization = await authorizeRead(principal, organizationId, "logs:read", { now });
  const plan = authorization.kind === "system" ? null : authorization.plan;
  const deniedSince = new Date(now.getTime() - DENIED_WINDOW_HOURS * 60 * 60 * 1000);
  // "Last used" is the token's last_used_at stamp, the one definition every page shows
  // (tokenLastUse): a request refused at authentication is not a use, so a token whose
  // log holds only denials is still unused. Its denials are counted separately, with the
  // reason of the latest one.
  const rows = await readTokenInsightRows<InsightRow>(organizationId, {
    since: deniedSince,
    statusCodes: DENIED_STATUS_CODES,
    ignoredReasons: plan ? settledRefusalReasons(plan) : [],
  });
  return new Map(rows.map((row) => [row.id, tokenInsightFromRow(row, now)]));
}
