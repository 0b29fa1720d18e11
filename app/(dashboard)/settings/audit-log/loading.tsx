import { Card } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";

export default function AuditLogLoading() {
  return (
    <div className="grid gap-6" aria-busy="true">
      <span className="sr-only" role="status">
        Loading the audit log…
      </span>
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div className="grid w-full max-w-2xl gap-2">
          <Skeleton className="h-7 w-36" />
          <Skeleton className="h-4 w-full" />
        </div>
        <Skeleton className="h-9 w-28" />
      </div>
      <Skeleton className="h-20 w-full rounded-xl" />
      <Card className="overflow-hidden">
        {Array.from({ length: 8 }, (_, index) => (
          <div key={index} className="flex items-center gap-6 border-b px-3 py-3.5 last:border-0">
            <Skeleton className="h-4 w-28 shrink-0" />
            <Skeleton className="hidden h-4 w-32 sm:block" />
            <Skeleton className="h-4 min-w-0 flex-1" />
            <Skeleton className="hidden h-4 w-24 md:block" />
          </div>
        ))}
      </Card>
    </div>
  );
}
