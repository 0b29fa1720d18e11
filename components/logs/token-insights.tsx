import Link from "next/link";
import { DismissibleNotice } from "@/components/logs/dismissible-notice";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { AlertTriangleIcon } from "@/components/ui/icons";
import { countOf, plural } from "@/lib/plural";
import { describeRefusalReason } from "@/lib/refusal-reasons";
import { type AttentionGroups, attentionCauses } from "@/lib/rules/insight-attention";
import {
  DENIED_STATUS_CODES,
  DENIED_WINDOW_HOURS,
  type TokenInsight,
  UNUSED_AFTER_DAYS,
} from "@/lib/rules/insight-rules";
import { cn } from "@/lib/utils";

// Hints shown on the API Tokens list, computed by getTokenInsights. These components fetch
// nothing, so they render inside server and client components alike (the notice's only
// state, its dismissal, lives in DismissibleNotice).

const DAY_MS = 24 * 60 * 60 * 1000;

/** The Access Logs view of a token's denied requests in the last 24 hours. */
export function deniedRequestsHref(tokenId: string): string {
  const params = new URLSearchParams({
    token: tokenId,
    code: DENIED_STATUS_CODES.join(","),
    range: "24h",
  });
  return `/settings/api-tokens/access-logs?${params.toString()}`;
}

export function describeUnused(insight: TokenInsight, now: Date = new Date()): string | null {
  if (!insight.unused) return null;
  if (insight.unused.reason === "never_used") {
    const days = Math.floor((now.getTime() - insight.unused.createdAt.getTime()) / DAY_MS);
    return `Never used in the ${days} days since it was created. Consider revoking it.`;
  }
  const days = Math.floor((now.getTime() - insight.unused.lastUsedAt.getTime()) / DAY_MS);
  return `Not used for ${days} days (${UNUSED_AFTER_DAYS}+). Consider revoking it.`;
}

/** "3 denied requests in the last 24 hours (latest: Token revoked)", or null for none. */
export function describeDenied(insight: TokenInsight): string | null {
  const count = insight.deniedLast24h;
  if (count === 0) return null;
  const reason = describeRefusalReason(insight.lastDeniedReason);
  return `${count} denied ${plural(count, "request")} in the last ${DENIED_WINDOW_HOURS} hours${reason ? ` (latest: ${reason})` : ""}`;
}

export function describeExpiry(insight: TokenInsight): string | null {
  if (insight.expiresInDays === null) return null;
  return insight.expiresInDays <= 1
    ? "Expires within a day"
    : `Expires in ${insight.expiresInDays} days`;
}

/** Badges for one token row: unused, expiring soon, denied requests in the last 24 hours. */
export function TokenInsightBadges({
  insight,
  showExpiry = true,
  className,
}: {
  insight: TokenInsight | undefined;
  /** The tokens list may already show expiry in its own column. */
  showExpiry?: boolean;
  className?: string;
}) {
  if (!insight) return null;
  const unused = describeUnused(insight);
  const expiry = showExpiry ? describeExpiry(insight) : null;
  if (!unused && !expiry && insight.deniedLast24h === 0) return null;

  return (
    <span className={cn("flex flex-wrap items-center gap-1.5", className)}>
      {unused ? (
        <Badge variant="muted" title={unused} data-testid="insight-unused">
          Unused — consider revoking
          <span className="sr-only">: {unused}</span>
        </Badge>
      ) : null}
      {expiry ? (
        <Badge variant="warning" data-testid="insight-expiring">
          <AlertTriangleIcon />
          {expiry}
        </Badge>
      ) : null}
      {insight.deniedLast24h > 0 ? (
        <Link
          href={deniedRequestsHref(insight.tokenId)}
          className="rounded-full focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-ring"
          title={`${describeDenied(insight)}, answered ${DENIED_STATUS_CODES.join(" or ")}. Open them in Access Logs.`}
          data-testid="insight-denied"
        >
          <Badge variant="destructive" className="hover:bg-destructive/15">
            {insight.deniedLast24h} denied in {DENIED_WINDOW_HOURS}h
          </Badge>
        </Link>
      ) : null}
    </span>
  );
}

const ATTENTION_TITLE = "Tokens that need attention";

/**
 * A notice above the tokens list summarizing what needs attention (the groups of
 * tokensNeedingAttention), or nothing when all is well. It can be dismissed.
 */
export function TokenInsightsNotice({ groups }: { groups: AttentionGroups }) {
  const { unused, expiring, denied } = groups;
  const causes = attentionCauses(groups);
  if (causes.length === 0) return null;

  return (
    <DismissibleNotice causes={causes} label={ATTENTION_TITLE}>
      <Alert variant="warning" className="pr-12" data-testid="token-insights-notice">
        <AlertTitle>{ATTENTION_TITLE}</AlertTitle>
        <AlertDescription>
          <ul className="grid gap-1">
            {unused.length > 0 ? (
              <li>
                {countOf(unused.length, "token")} {unused.length === 1 ? "looks" : "look"} unused (
                {unused.map((row) => row.token.name).join(", ")}). Revoke tokens you no longer need:
                an unused token is a credential that can only leak.
              </li>
            ) : null}
            {expiring.length > 0 ? (
              <li>
                {countOf(expiring.length, "token")} {expiring.length === 1 ? "expires" : "expire"}{" "}
                within 7 days ({expiring.map((row) => row.token.name).join(", ")}). Create a
                replacement before integrations stop working.
              </li>
            ) : null}
            {denied.map((row) => (
              <li key={row.token.id} data-testid="attention-denied">
                <Link
                  href={deniedRequestsHref(row.token.id)}
                  className="font-medium text-foreground underline underline-offset-4"
                >
                  {row.token.name}
                </Link>
                : {describeDenied(row.insight)}.
              </li>
            ))}
          </ul>
        </AlertDescription>
      </Alert>
    </DismissibleNotice>
  );
}
