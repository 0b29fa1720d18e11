import { DataTableSkeleton } from "@/components/ui/data-table-skeleton";
import { Skeleton } from "@/components/ui/skeleton";

export default function ApiTokensLoading() {
  return (
    <div className="grid gap-6" aria-busy="true">
      <span className="sr-only" role="status">
        Loading API tokens…
      </span>
      <div className="flex flex-wrap items-start justify-between gap-4">
        {/* min-w-0, w-full: the text placeholder shrinks to a phone's width instead of widening the page. */}
        <div className="grid min-w-0 flex-1 gap-2">
          <Skeleton className="h-7 w-40" />
          <Skeleton className="h-4 w-full max-w-96" />
        </div>
        <Skeleton className="h-9 w-32" />
      </div>
      <Skeleton className="h-9 w-72" />
      <DataTableSkeleton rows={4} columns={5} />
    </div>
  );
}
