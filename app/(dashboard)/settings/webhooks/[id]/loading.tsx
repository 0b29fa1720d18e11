import { Skeleton } from "@/components/ui/skeleton";

export default function WebhookLoading() {
  return (
    <div className="grid gap-6" aria-busy="true">
      <span className="sr-only" role="status">
        Loading the endpoint…
      </span>
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div className="grid w-full max-w-2xl gap-2">
          <Skeleton className="h-7 w-36" />
          <Skeleton className="h-4 w-full" />
        </div>
        <Skeleton className="h-9 w-32" />
      </div>
      <Skeleton className="h-24 w-full rounded-xl" />
      <Skeleton className="h-24 w-full rounded-xl" />
    </div>
  );
}
