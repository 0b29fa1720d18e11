import Link from "next/link";
import { buttonVariants } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ListIcon } from "@/components/ui/icons";

/** What to show when a page has no rows: the reason differs, and so does the way out. */
export function AccessLogsEmpty({
  reason,
  clearHref,
  newestHref,
}: {
  reason: "no-requests" | "no-matches" | "no-older";
  clearHref: string;
  newestHref: string;
}) {
  const content = {
    "no-requests": {
      title: "No API requests yet",
      body: "Requests made with your organization's API tokens appear here within seconds, successful or not.",
      action: (
        <Link
          href="/settings/api-tokens"
          className={buttonVariants({ variant: "outline", size: "sm" })}
        >
          Manage API tokens
        </Link>
      ),
    },
    "no-matches": {
      title: "No requests match these filters",
      body: "Try a wider time range, another token or fewer filters.",
      action: (
        <Link href={clearHref} className={buttonVariants({ variant: "outline", size: "sm" })}>
          Clear filters
        </Link>
      ),
    },
    "no-older": {
      title: "No older requests",
      body: "You have reached the end of the log for these filters.",
      action: (
        <Link href={newestHref} className={buttonVariants({ variant: "outline", size: "sm" })}>
          Back to newest
        </Link>
      ),
    },
  }[reason];

  return (
    <Card className="items-center gap-3 px-6 py-12 text-center">
      <span className="flex size-10 items-center justify-center rounded-full bg-muted text-muted-foreground">
        <ListIcon className="size-5" />
      </span>
      <h2 className="font-semibold text-base">{content.title}</h2>
      <p className="max-w-md text-muted-foreground text-sm">{content.body}</p>
      {content.action}
    </Card>
  );
}
