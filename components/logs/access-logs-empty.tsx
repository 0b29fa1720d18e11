import Link from "next/link";
import { EmptyState } from "@/components/layout/empty-state";
import { buttonVariants } from "@/components/ui/button";
import { ListIcon } from "@/components/ui/icons";

/**
 * The Access Logs of an organization whose plan has no API access and that has no request
 * logged: nothing can be made, so nothing to filter or export; the way out is the plan.
 */
export function AccessLogsWithoutApi({ planName }: { planName: string }) {
  return (
    <EmptyState
      icon={<ListIcon className="size-5" />}
      title="No API requests on this plan"
      body={`Your organization is on the ${planName} plan, which doesn't include API access, so no requests are made or logged. Upgrade to Pro or above to use the API; its requests appear here, with filters and CSV export.`}
      action={
        <Link href="/settings/billing" className={buttonVariants({ variant: "brand", size: "sm" })}>
          View plans in Billing
        </Link>
      }
    />
  );
}

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

  return <EmptyState icon={<ListIcon className="size-5" />} {...content} />;
}
