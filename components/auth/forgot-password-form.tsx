"use client";

import Link from "next/link";
import { FormError } from "@/components/forms/form-error";
import { useActionForm } from "@/components/forms/use-action-form";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { LoaderIcon } from "@/components/ui/icons";
import { Input } from "@/components/ui/input";
import { requestPasswordResetAction } from "@/lib/actions/account-email";
import { forgotPasswordSchema } from "@/lib/validations/auth";
import { fieldErrorsOf } from "@/lib/validations/forms";

const FIELDS = ["email"] as const;

/** "Forgot password?": one field, one answer whatever the address. */
export function ForgotPasswordForm() {
  const form = useActionForm(requestPasswordResetAction, {
    fields: FIELDS,
    validate: (formData) => fieldErrorsOf(forgotPasswordSchema, formData),
  });
  const { fieldErrors, values } = form;

  return (
    <div className="grid gap-6">
      <div className="grid gap-1.5">
        <h1 className="font-semibold text-2xl tracking-tight">Reset your password</h1>
        <p className="text-muted-foreground text-sm">
          Enter the email address of your account and we will email you a link to choose a new
          password.
        </p>
      </div>

      {form.successMessage ? (
        <Alert variant="success" role="status">
          <AlertTitle>Check your email</AlertTitle>
          <AlertDescription>{form.successMessage}</AlertDescription>
        </Alert>
      ) : null}
      <FormError message={form.formError} />

      <form {...form.formProps} className="grid gap-4 rounded-xl border bg-card p-6 shadow-xs">
        <FormField label="Email" error={fieldErrors.email}>
          <Input
            name="email"
            type="email"
            autoComplete="email"
            inputMode="email"
            spellCheck={false}
            defaultValue={values.email}
            autoFocus
          />
        </FormField>
        <Button type="submit" className="mt-1 w-full" disabled={form.isPending}>
          {form.isPending ? <LoaderIcon /> : null}
          {form.isPending ? "Sending…" : "Send reset link"}
        </Button>
      </form>

      <p className="text-center text-muted-foreground text-sm">
        Remembered it?{" "}
        <Link href="/login" className="font-medium text-brand underline-offset-4 hover:underline">
          Back to sign in
        </Link>
      </p>
    </div>
  );
}
