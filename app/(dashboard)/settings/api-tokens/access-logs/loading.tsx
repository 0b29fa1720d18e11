import { DataTableSkeleton } from "@/components/ui/data-table-skeleton";
import { Skeleton } from "@/components/ui/skeleton";

export default function AccessLogsLoading() {
  return (
    <div className="grid gap-6" aria-busy="true">
      <span className="sr-only" role="status">
        Loading access logs…
      </span>
      <div className="flex flex-wrap items-start justify-between gap-4">
        {/* min-w-0: the text placeholder shrinks to a phone's width instead of widening the page. */}
        <div className="grid min-w-0 flex-1 gap-2">
          <Skeleton className="h-4 w-40" />
          <Skeleton className="h-7 w-44" />
          <Skeleton className="h-4 w-full max-w-[28rem]" />
        </div>
        <Skeleton className="h-9 w-28" />
      </div>
      <Skeleton className="h-40 w-full rounded-xl" />
      <DataTableSkeleton rows={8} columns={6} />
    </div>
  );
}
