"use client";

import { formatRelativeTime, formatUtcDate } from "@/components/time/format";
import { useNow } from "@/components/time/relative-time";
import { daysUntil, describeExpiresIn, EXPIRY_WARNING_DAYS } from "@/components/tokens/format";
import type { TokenStatus } from "@/lib/rules/token-status";
import { cn } from "@/lib/utils";

/** The details page's expiry line: the date at 00:00 UTC and how long is left. */
export function ExpiryDetail({
  expiresAt,
  status,
}: {
  expiresAt: Date | null;
  status: TokenStatus;
}) {
  const now = useNow(60_000);
  if (!expiresAt) return <span>Never</span>;
  const date = `${formatUtcDate(expiresAt)}, 00:00 UTC`;
  const expired = expiresAt.getTime() <= now.getTime();
  if (expired) {
    return (
      <span className="grid gap-0.5">
        <span>
          {date} <span className="text-muted-foreground">(expired)</span>
        </span>
        {status === "revoked" ? null : (
          <span className="text-muted-foreground text-xs">Expired tokens cannot be extended.</span>
        )}
      </span>
    );
  }
  const soon = daysUntil(expiresAt, now) < EXPIRY_WARNING_DAYS;
  return (
    <span className="flex flex-wrap items-baseline gap-x-2">
      {date}
      {status === "active" || status === "paused" ? (
        <span
          className={cn(
            "text-xs",
            soon ? "font-medium text-[oklch(0.48_0.12_65)]" : "text-muted-foreground",
          )}
          suppressHydrationWarning
        >
          {soon
            ? describeExpiresIn(expiresAt, now)
            : `Expires ${formatRelativeTime(expiresAt, now)}`}
        </span>
      ) : null}
    </span>
  );
}
