import { Card } from "@/components/ui/card";
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
      <Card className="overflow-hidden">
        <div className="h-10 border-b bg-muted/60" />
        {Array.from({ length: 8 }, (_, index) => (
          <div key={index} className="flex items-center gap-6 border-b px-3 py-3.5 last:border-0">
            <Skeleton className="h-4 w-28" />
            <Skeleton className="h-4 w-32" />
            <Skeleton className="h-4 flex-1" />
            <Skeleton className="h-5 w-10 rounded-full" />
            <Skeleton className="hidden h-4 w-28 md:block" />
            <Skeleton className="hidden h-4 w-24 sm:block" />
          </div>
        ))}
      </Card>
    </div>
  );
}
