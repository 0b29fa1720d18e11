import Link from "next/link";
import type { ReactNode } from "react";
import { accessLogsHrefForToken } from "@/components/logs/token-activity-links";
import { RelativeTime } from "@/components/time/relative-time";
import { describeRefusal } from "@/lib/refusal-reasons";
import { DENIED_STATUS_CODES } from "@/lib/rules/insight-rules";
import type { TokenDeniedAttempt } from "@/lib/services/logs/token-activity";
import { cn } from "@/lib/utils";

// "Last used" reads the same on the tokens list, a token's details and its activity: the
// token's last accepted request (tokenLastUse in lib/services/tokens/token-summary.ts).
// Refused attempts never count as use; the activity shows the latest one separately.

export function LastUsed({
  at,
  ip,
  inline = false,
  className,
  children,
}: {
  at: Date | null;
  ip: string | null;
  /** "5 minutes ago from 203.0.113.7" on one line instead of the time above the IP. */
  inline?: boolean;
  className?: string;
  /** Shown next to the IP (e.g. a "New IP" badge). */
  children?: ReactNode;
}) {
  if (!at) {
    return (
      <span className={cn("text-muted-foreground", className)} data-testid="last-used">
        Never
      </span>
    );
  }
  return (
    <span
      className={cn(
        inline ? "flex flex-wrap items-baseline gap-x-2" : "grid gap-0.5 whitespace-nowrap",
        className,
      )}
      data-testid="last-used"
    >
      <RelativeTime date={at} className="w-fit" />
      {ip ? (
        <span className="flex flex-wrap items-center gap-1.5 font-normal text-muted-foreground">
          <span className={inline ? undefined : "sr-only"}>from</span>
          <span className={cn("font-mono", inline ? "text-foreground" : "text-xs")}>{ip}</span>
          {children}
        </span>
      ) : null}
    </span>
  );
}

/** "Last denied attempt: 9 minutes ago from 198.51.100.7 — Token revoked", linking to them all. */
export function LastDeniedAttempt({
  attempt,
  tokenId,
}: {
  attempt: TokenDeniedAttempt;
  tokenId: string;
}) {
  const reason =
    describeRefusal(attempt) ?? [attempt.status, attempt.errorCode].filter(Boolean).join(" ");
  return (
    <p
      className="flex flex-wrap items-baseline gap-x-2 gap-y-1 rounded-lg border border-destructive/25 bg-destructive/5 px-4 py-2.5 text-sm"
      data-testid="last-denied-attempt"
    >
      <span className="font-medium">Last denied attempt:</span>
      <RelativeTime date={attempt.at} />
      <span className="text-muted-foreground">
        from <span className="font-mono text-foreground">{attempt.ip}</span>
      </span>
      <span>— {reason}</span>
      <Link
        href={accessLogsHrefForToken(tokenId, { code: DENIED_STATUS_CODES.join(",") })}
        className="rounded-sm text-brand underline-offset-4 hover:underline focus-visible:outline-2 focus-visible:outline-ring sm:ml-auto"
      >
        View denied requests
      </Link>
    </p>
  );
}
