import { Card } from "@/components/ui/card";
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
      <Card className="overflow-hidden">
        <div className="h-10 border-b bg-muted/60" />
        {Array.from({ length: 4 }, (_, index) => (
          <div key={index} className="flex items-center gap-6 border-b px-3 py-4 last:border-0">
            <div className="grid flex-1 gap-1.5">
              <Skeleton className="h-4 w-48" />
              <Skeleton className="h-3 w-32" />
            </div>
            <Skeleton className="h-4 w-14" />
            <Skeleton className="hidden h-4 w-24 sm:block" />
            <Skeleton className="hidden h-4 w-24 md:block" />
            <Skeleton className="h-5 w-16 rounded-full" />
          </div>
        ))}
      </Card>
    </div>
  );
}
