import { DataTableSkeleton } from "@/components/ui/data-table-skeleton";
import { Skeleton } from "@/components/ui/skeleton";

export default function MembersLoading() {
  return (
    <div className="grid gap-6" aria-busy="true">
      <span className="sr-only" role="status">
        Loading the members…
      </span>
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div className="grid w-full max-w-2xl gap-2">
          <Skeleton className="h-7 w-32" />
          <Skeleton className="h-4 w-full" />
        </div>
      </div>
      <DataTableSkeleton rows={4} columns={4} />
    </div>
  );
}
