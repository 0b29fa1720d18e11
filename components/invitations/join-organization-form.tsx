"use client";

import { FormError } from "@/components/forms/form-error";
import { PendingButton } from "@/components/forms/pending-button";
import { useActionForm } from "@/components/forms/use-action-form";
import { acceptInvitationAction } from "@/lib/actions/invitations";

/** "Join <organization>": accepts the invitation, then the dashboard of that organization. */
export function JoinOrganizationForm({
  code,
  organizationName,
}: {
  code: string;
  organizationName: string;
}) {
  const form = useActionForm(acceptInvitationAction);
  // Stays busy after success: the redirect to the dashboard is on its way.
  return (
    <form {...form.formProps} className="grid gap-3">
      <FormError message={form.formError} />
      <input type="hidden" name="code" value={code} />
      <PendingButton
        type="submit"
        className="w-full"
        pending={form.isPending}
        pendingLabel="Joining…"
      >
        {`Join ${organizationName}`}
      </PendingButton>
    </form>
  );
}
