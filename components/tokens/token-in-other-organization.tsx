"use client";

import Link from "next/link";
import { FormError } from "@/components/forms/form-error";
import { PendingButton } from "@/components/forms/pending-button";
import { useActionForm } from "@/components/forms/use-action-form";
import { buttonVariants } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { KeyIcon } from "@/components/ui/icons";
import { switchOrganizationAction } from "@/lib/actions/organizations";
import { SWITCH_ORGANIZATION_FAILED_MESSAGE } from "@/lib/validations/organizations";

/**
 * A token page opened while another of the person's organizations is current (a link in an
 * email, a bookmark): instead of "not found", offer to switch and open it there.
 */
export function TokenInOtherOrganization({
  tokenPath,
  holder,
  currentName,
}: {
  tokenPath: string;
  holder: { id: string; name: string };
  currentName: string;
}) {
  const form = useActionForm(switchOrganizationAction, {
    failureMessage: SWITCH_ORGANIZATION_FAILED_MESSAGE,
  });
  return (
    <Card className="items-center gap-3 px-6 py-14 text-center">
      <span className="flex size-11 items-center justify-center rounded-full bg-muted text-muted-foreground">
        <KeyIcon className="size-5" />
      </span>
      <h1 className="break-words font-semibold text-lg">This token belongs to {holder.name}</h1>
      <p className="max-w-md break-words text-muted-foreground text-sm">
        You are viewing {currentName}. Switch to {holder.name} to open the token there.
      </p>
      <form {...form.formProps} className="mt-2 grid justify-items-center gap-3">
        <FormError message={form.formError} />
        <input type="hidden" name="organizationId" value={holder.id} />
        <input type="hidden" name="returnTo" value={tokenPath} />
        <div className="flex flex-wrap justify-center gap-2">
          <PendingButton type="submit" pending={form.isPending} pendingLabel="Switching…">
            Switch to {holder.name}
          </PendingButton>
          <Link href="/settings/api-tokens" className={buttonVariants({ variant: "outline" })}>
            Back to API tokens
          </Link>
        </div>
      </form>
    </Card>
  );
}
