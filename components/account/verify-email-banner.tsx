"use client";

import { FormError } from "@/components/forms/form-error";
import { useActionForm } from "@/components/forms/use-action-form";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { LoaderIcon } from "@/components/ui/icons";
import { StatusMessage } from "@/components/ui/status-message";
import { resendVerificationEmailAction } from "@/lib/actions/account-email";

/**
 * On every dashboard page until the person's address is verified: what is waiting for
 * them, and Resend for a new link (limited per address and per network).
 */
export function VerifyEmailBanner({ email }: { email: string }) {
  const form = useActionForm(resendVerificationEmailAction, {
    failureMessage: "We could not send the email right now. Please try again in a moment.",
  });

  return (
    <div className="mb-6 grid gap-2">
      <Alert variant="warning" role="region" aria-labelledby="verify-email-title">
        <AlertTitle id="verify-email-title">Verify your email address</AlertTitle>
        <AlertDescription className="grid gap-3">
          <p>
            We sent a link to <strong className="break-words font-medium">{email}</strong>. Until
            you open it, you cannot invite members or create API tokens.
          </p>
          <div className="flex flex-wrap items-center gap-3">
            <Button
              type="button"
              variant="outline"
              size="sm"
              disabled={form.isPending}
              onClick={() => form.submit({})}
            >
              {form.isPending ? <LoaderIcon aria-hidden="true" /> : null}
              Resend
            </Button>
            <StatusMessage>{form.successMessage}</StatusMessage>
          </div>
        </AlertDescription>
      </Alert>
      <FormError message={form.formError} />
    </div>
  );
}
