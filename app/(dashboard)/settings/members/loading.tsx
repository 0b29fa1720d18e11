import { Card } from "@/components/ui/card";
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
      <Card className="overflow-hidden">
        {Array.from({ length: 4 }, (_, index) => (
          <div key={index} className="flex items-center gap-6 border-b px-3 py-3.5 last:border-0">
            <Skeleton className="h-4 min-w-0 flex-1" />
            <Skeleton className="h-8 w-32 shrink-0" />
            <Skeleton className="hidden h-4 w-24 sm:block" />
            <Skeleton className="hidden h-4 w-10 sm:block" />
          </div>
        ))}
      </Card>
    </div>
  );
}
