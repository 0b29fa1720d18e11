import Link from "next/link";
import { buttonVariants } from "@/components/ui/button";
import { ChevronRightIcon } from "@/components/ui/icons";

// Keyset pagination for a <DataTable> showing one page of a log, newest first: there are
// no page numbers, "Newest" returns to the top of the current filters and "Older"
// continues after the last row shown. Every page is its own URL, so the browser's back
// button returns to newer pages and a page can be shared.

export function DataTablePagination({
  newestHref,
  olderHref,
  isFirstPage,
  rowCount,
  label,
}: {
  /** The navigation's accessible name ("Audit log pages"). */
  label: string;
  newestHref: string;
  olderHref: string | null;
  isFirstPage: boolean;
  rowCount: number;
}) {
  return (
    <nav aria-label={label} className="flex flex-wrap items-center justify-between gap-3">
      <p className="text-muted-foreground text-sm">
        {rowCount === 0
          ? "No entries on this page."
          : `Showing ${rowCount} ${rowCount === 1 ? "entry" : "entries"}, newest first${isFirstPage ? "" : " (older page)"}.`}
      </p>
      <div className="flex items-center gap-2">
        {isFirstPage ? (
          <span className={buttonVariants({ variant: "outline", size: "sm" })} aria-disabled="true">
            Newest
          </span>
        ) : (
          <Link href={newestHref} className={buttonVariants({ variant: "outline", size: "sm" })}>
            Newest
          </Link>
        )}
        {olderHref ? (
          <Link
            href={olderHref}
            className={buttonVariants({ variant: "outline", size: "sm" })}
            rel="next"
          >
            Older
            <ChevronRightIcon />
          </Link>
        ) : (
          <span className={buttonVariants({ variant: "outline", size: "sm" })} aria-disabled="true">
            Older
            <ChevronRightIcon />
          </span>
        )}
      </div>
    </nav>
  );
}
