"use client";

import { useRouter } from "next/navigation";
import { startTransition, useActionState, useEffect, useRef, useState } from "react";
import { Alert, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { LoaderIcon } from "@/components/ui/icons";
import { Input } from "@/components/ui/input";
import { type ChangePasswordFormState, changePasswordAction } from "@/lib/actions/account";
import type { FieldErrors } from "@/lib/errors";
import { changePasswordSchema, PASSWORD_MIN_LENGTH } from "@/lib/validations/auth";
import { fieldErrorsFromZodError } from "@/lib/validations/forms";

const INITIAL_STATE: ChangePasswordFormState = {
  status: "idle",
  message: null,
  fieldErrors: {},
  signedOut: false,
};

export function ChangePasswordForm() {
  const router = useRouter();
  const [state, formAction, isPending] = useActionState(changePasswordAction, INITIAL_STATE);
  const formRef = useRef<HTMLFormElement>(null);
  // Checked in the browser first, so a typo in the confirmation never costs a round trip
  // or the typed passwords; the server checks everything again.
  const [clientErrors, setClientErrors] = useState<FieldErrors | null>(null);
  const fieldErrors = clientErrors ?? state.fieldErrors;

  function handleSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formData = new FormData(event.currentTarget);
    const parsed = changePasswordSchema.safeParse(Object.fromEntries(formData));
    if (!parsed.success) {
      const errors = fieldErrorsFromZodError(parsed.error);
      setClientErrors(errors);
      const first = Object.keys(errors)[0];
      if (first) formRef.current?.querySelector<HTMLInputElement>(`[name="${first}"]`)?.focus();
      return;
    }
    setClientErrors(null);
    startTransition(() => formAction(formData));
  }

  useEffect(() => {
    if (state.status === "success") formRef.current?.reset();
    if (state.status === "error") {
      const firstInvalid = formRef.current?.querySelector<HTMLInputElement>("[aria-invalid=true]");
      firstInvalid?.focus();
    }
    if (state.signedOut) router.replace("/login");
  }, [state, router]);

  return (
    <div className="grid gap-4">
      {state.status === "success" && state.message ? (
        <Alert variant="success" role="status">
          <AlertTitle>{state.message}</AlertTitle>
        </Alert>
      ) : null}
      {state.status === "error" && state.message ? (
        <Alert variant="destructive">
          <AlertTitle>{state.message}</AlertTitle>
        </Alert>
      ) : null}

      <form
        ref={formRef}
        action={formAction}
        onSubmit={handleSubmit}
        noValidate
        aria-busy={isPending}
        className="grid gap-4 rounded-xl border bg-card p-6 shadow-xs"
      >
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
          <Button type="submit" disabled={isPending}>
            {isPending ? <LoaderIcon /> : null}
            {isPending ? "Changing password…" : "Change password"}
          </Button>
        </div>
      </form>
    </div>
  );
}
