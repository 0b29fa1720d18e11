import { cn } from "@/lib/utils";

/** "GET /api/v1/domains?page=2" with the method as a fixed-width tag and the path truncated. */
export function LogRequest({
  method,
  path,
  summary,
  className,
}: {
  method: string;
  path: string;
  summary?: string | null;
  className?: string;
}) {
  return (
    <div className={cn("grid min-w-0 gap-0.5", className)}>
      <div className="flex min-w-0 items-baseline gap-2">
        <span className="w-12 shrink-0 font-medium font-mono text-muted-foreground text-xs">
          {method}
        </span>
        <span className="truncate font-mono text-xs" title={path}>
          {path}
        </span>
      </div>
      {summary ? (
        <span className="truncate pl-14 text-muted-foreground text-xs" title={summary}>
          {summary}
        </span>
      ) : null}
    </div>
  );
}
