import { describeRefusal } from "@/lib/refusal-reasons";
import { cn } from "@/lib/utils";

// What came back for a logged request. A refused request reads as its reason in words
// ("IP address not in the token's allowlist") rather than the bare error code every 403
// shares; rows stored without a reason (written before reasons were recorded) keep
// showing their response summary.

type LoggedOutcome = {
  responseSummary: string | null;
  refusalReason: string | null;
  requiredScope?: string | null;
};

export function LogOutcome({ log, className }: { log: LoggedOutcome; className?: string }) {
  const reason = describeRefusal(log);
  const text = reason ?? log.responseSummary;
  if (!text) return <span className={cn("text-muted-foreground", className)}>—</span>;
  return (
    <span
      className={cn("truncate", className)}
      title={text}
      data-testid={reason ? "refusal-reason" : undefined}
    >
      {text}
    </span>
  );
}
