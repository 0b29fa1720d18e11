import { Card } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";

export default function TokenDetailsLoading() {
  return (
    <div className="grid gap-6" aria-busy="true">
      <span className="sr-only" role="status">
        Loading token…
      </span>
      <Skeleton className="h-4 w-48" />
      <div className="flex items-start justify-between gap-4">
        {/* min-w-0, w-full: the text placeholders shrink to a phone's width instead of widening the page. */}
        <div className="grid min-w-0 flex-1 gap-2">
          <Skeleton className="h-7 w-full max-w-64" />
          <Skeleton className="h-4 w-full max-w-80" />
        </div>
        <Skeleton className="h-9 w-24" />
      </div>
      <div className="grid gap-6">
        <Card className="gap-4 p-6">
          <Skeleton className="h-5 w-20" />
          {Array.from({ length: 6 }, (_, index) => (
            <div key={index} className="grid grid-cols-[8rem_1fr] gap-3">
              <Skeleton className="h-4 w-20" />
              <Skeleton className="h-4 w-40" />
            </div>
          ))}
        </Card>
        <Card className="gap-5 p-6">
          <Skeleton className="h-5 w-24" />
          {Array.from({ length: 4 }, (_, index) => (
            <div key={index} className="grid gap-2">
              <Skeleton className="h-4 w-28" />
              <Skeleton className="h-9 w-full" />
            </div>
          ))}
        </Card>
      </div>
      <Card className="gap-3 p-6">
        <Skeleton className="h-5 w-24" />
        <Skeleton className="h-24 w-full" />
      </Card>
    </div>
  );
}
