import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button, buttonVariants } from "@/components/ui/button";

// Pieces the log pages (Access Logs, Audit Log) share around their filters.

/** `path?query`, or `path` alone when there are no parameters. */
export function hrefWithQuery(path: string, params: URLSearchParams): string {
  const query = params.toString();
  return query ? `${path}?${query}` : path;
}

/** The parameters a page dropped from its URL, and why; nothing when none were. */
export function FilterNotices({ notices }: { notices: string[] }) {
  if (notices.length === 0) return null;
  return (
    <Alert variant="warning" data-testid="filter-notices">
      <AlertTitle>Some filters were ignored</AlertTitle>
      <AlertDescription>
        <ul className="list-disc pl-4">
          {notices.map((notice) => (
            <li key={notice}>{notice}</li>
          ))}
        </ul>
      </AlertDescription>
    </Alert>
  );
}

/**
 * The download link of a page's current filters as CSV; with `disabledReason`, a disabled
 * button with the reason beside it (there is nothing the plan lets it export).
 */
export function ExportCsvLink({ href, disabledReason }: { href: string; disabledReason?: string }) {
  if (disabledReason) {
    return (
      <div className="grid max-w-56 justify-items-end gap-1 text-right">
        <Button variant="outline" disabled aria-describedby="export-csv-reason">
          Export CSV
        </Button>
        <p id="export-csv-reason" className="text-muted-foreground text-xs">
          {disabledReason}
        </p>
      </div>
    );
  }
  return (
    <a href={href} className={buttonVariants({ variant: "outline" })} download>
      Export CSV
    </a>
  );
}
