import Link from "next/link";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { buttonVariants } from "@/components/ui/button";

/** Shown instead of the Create button to organizations whose plan has no API access. */
export function UpgradeNotice({ planName }: { planName: string }) {
  return (
    <Alert variant="warning" role="status" className="items-center">
      <AlertTitle>API access requires a Pro plan or higher</AlertTitle>
      <AlertDescription className="flex flex-wrap items-center justify-between gap-3">
        <p>
          Your organization is on the {planName} plan. Upgrade to create API tokens and use the
          MailShield API. Existing tokens stay listed here.
        </p>
        <Link href="/settings/billing" className={buttonVariants({ variant: "brand", size: "sm" })}>
          View plans in Billing
        </Link>
      </AlertDescription>
    </Alert>
  );
}
