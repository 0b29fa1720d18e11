import { Card } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";

/**
 * A <DataTable> while its route loads (a loading.tsx): the card, a header row and `rows`
 * placeholder rows of `columns` values, stacked below 48rem as the table is, so the page
 * does not jump when the rows arrive. Decorative: the route's loading status names what
 * is loading.
 */
export function DataTableSkeleton({ rows = 4, columns = 4 }: { rows?: number; columns?: number }) {
  return (
    <Card className="overflow-hidden">
      <div className="hidden h-10 border-b bg-muted/60 md:block" />
      {Array.from({ length: rows }, (_, row) => (
        <div
          key={row}
          className="grid gap-2 border-b px-4 py-3.5 last:border-0 md:flex md:items-center md:gap-6 md:px-3"
        >
          <Skeleton className="h-4 w-48 max-w-full md:w-auto md:min-w-0 md:flex-1" />
          {Array.from({ length: columns - 1 }, (_, column) => (
            <Skeleton key={column} className="h-4 w-40 max-w-full md:w-24 md:shrink-0" />
          ))}
        </div>
      ))}
    </Card>
  );
}
