import Link from "next/link";
import { buttonVariants } from "@/components/ui/button";
import { ChevronRightIcon } from "@/components/ui/icons";

// Keyset pagination has no page numbers: "Newest" returns to the top of the current
// filters and "Older" continues after the last row shown. The browser's back button
// returns to newer pages, since every page is its own URL.

export function AccessLogsPagination({
  newestHref,
  olderHref,
  isFirstPage,
  rowCount,
  label = "Access log pages",
}: {
  /** The navigation's accessible name. */
  label?: string;
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
