"use client";

import { useRouter } from "next/navigation";
import { FormError } from "@/components/forms/form-error";
import { useActionForm } from "@/components/forms/use-action-form";
import { Alert, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { LoaderIcon } from "@/components/ui/icons";
import { Input } from "@/components/ui/input";
import { changePasswordAction } from "@/lib/actions/account";
import { changePasswordSchema, PASSWORD_MIN_LENGTH } from "@/lib/validations/auth";
import { fieldErrorsOf } from "@/lib/validations/forms";

const FIELDS = ["currentPassword", "newPassword", "confirmPassword"] as const;

export function ChangePasswordForm() {
  const router = useRouter();
  // Checked in the browser first, so a typo in the confirmation never costs a round trip
  // or the typed passwords; the server checks everything again.
  const form = useActionForm(changePasswordAction, {
    fields: FIELDS,
    validate: (formData) => fieldErrorsOf(changePasswordSchema, formData),
    onSuccess: (result) => {
      if (result.data.signedOut) router.replace("/login");
      else form.formProps.ref.current?.reset();
    },
  });
  const { fieldErrors } = form;

  return (
    <div className="grid gap-4">
      {form.successMessage ? (
        <Alert variant="success" role="status">
          <AlertTitle>{form.successMessage}</AlertTitle>
        </Alert>
      ) : null}
      <FormError message={form.formError} />

      <form {...form.formProps} className="grid gap-4 rounded-xl border bg-card p-6 shadow-xs">
        <FormField label="Current password" error={fieldErrors.currentPassword}>
          <Input name="currentPassword" type="password" autoComplete="current-password" required />
        </FormField>
        <FormField
          label="New password"
          hint={`At least ${PASSWORD_MIN_LENGTH} characters. A passphrase of a few unrelated words works well.`}
          error={fieldErrors.newPassword}
        >
          <Input name="newPassword" type="password" autoComplete="new-password" required />
        </FormField>
        <FormField label="Confirm new password" error={fieldErrors.confirmPassword}>
          <Input name="confirmPassword" type="password" autoComplete="new-password" required />
        </FormField>
        <div>
          <Button type="submit" disabled={form.isPending}>
            {form.isPending ? <LoaderIcon /> : null}
            {form.isPending ? "Changing password…" : "Change password"}
          </Button>
        </div>
      </form>
    </div>
  );
}
