"use client";

import Link from "next/link";
import { startTransition, useActionState, useRef, useState } from "react";
import { Alert, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { LoaderIcon } from "@/components/ui/icons";
import { Input } from "@/components/ui/input";
import { type SignUpFormState, signUpAction } from "@/lib/actions/auth";
import type { FieldErrors } from "@/lib/errors";
import { PASSWORD_MIN_LENGTH, signUpSchema } from "@/lib/validations/auth";
import { fieldErrorsFromZodError } from "@/lib/validations/forms";

const FIELD_ORDER = ["name", "organizationName", "email", "password"] as const;

const INITIAL_STATE: SignUpFormState = {
  fieldErrors: {},
  formError: null,
  values: { name: "", organizationName: "", email: "" },
};

export function SignUpForm() {
  const [state, formAction, isPending] = useActionState(signUpAction, INITIAL_STATE);
  // Errors found in the browser before submitting; cleared when the server answers.
  const [clientErrors, setClientErrors] = useState<FieldErrors | null>(null);
  const formRef = useRef<HTMLFormElement>(null);

  const fieldErrors = clientErrors ?? state.fieldErrors;
  // A conflict is already shown next to the email field; repeat only other failures.
  const formError = clientErrors || state.fieldErrors.email ? null : state.formError;

  function focusFirstInvalid(errors: FieldErrors) {
    const first = FIELD_ORDER.find((field) => errors[field]?.length);
    if (first) formRef.current?.querySelector<HTMLInputElement>(`[name="${first}"]`)?.focus();
  }

  function handleSubmit(event: React.FormEvent<HTMLFormElement>) {
    // Submitting through a transition instead of the form action keeps every typed value:
    // React resets a form after its action runs, which would wipe the fields on error.
    event.preventDefault();
    const formData = new FormData(event.currentTarget);
    const parsed = signUpSchema.safeParse(Object.fromEntries(formData));
    if (!parsed.success) {
      const errors = fieldErrorsFromZodError(parsed.error);
      setClientErrors(errors);
      focusFirstInvalid(errors);
      return;
    }
    setClientErrors(null);
    startTransition(() => formAction(formData));
  }

  return (
    <div className="grid gap-6">
      <div className="grid gap-1.5">
        <h1 className="font-semibold text-2xl tracking-tight">Create your account</h1>
        <p className="text-muted-foreground text-sm">
          Start on the Free plan. You can change plans at any time.
        </p>
      </div>

      {formError ? (
        <Alert variant="destructive">
          <AlertTitle>{formError}</AlertTitle>
        </Alert>
      ) : null}

      <form
        ref={formRef}
        noValidate
        action={formAction}
        onSubmit={handleSubmit}
        aria-busy={isPending}
        className="grid gap-4 rounded-xl border bg-card p-6 shadow-xs"
      >
        <FormField label="Your name" error={fieldErrors.name}>
          <Input
            name="name"
            autoComplete="name"
            defaultValue={state.values.name}
            maxLength={100}
            autoFocus
          />
        </FormField>
        <FormField label="Organization name" error={fieldErrors.organizationName}>
          <Input
            name="organizationName"
            autoComplete="organization"
            defaultValue={state.values.organizationName}
            maxLength={100}
          />
        </FormField>
        <FormField label="Email" error={fieldErrors.email}>
          <Input
            name="email"
            type="email"
            autoComplete="email"
            inputMode="email"
            spellCheck={false}
            defaultValue={state.values.email}
          />
        </FormField>
        <FormField
          label="Password"
          hint={`At least ${PASSWORD_MIN_LENGTH} characters. A passphrase of a few words works well.`}
          error={fieldErrors.password}
        >
          <Input name="password" type="password" autoComplete="new-password" />
        </FormField>
        <Button type="submit" className="mt-1 w-full" disabled={isPending}>
          {isPending ? <LoaderIcon /> : null}
          {isPending ? "Creating account…" : "Create account"}
        </Button>
      </form>

      <p className="text-center text-muted-foreground text-sm">
        Already have an account?{" "}
        <Link href="/login" className="font-medium text-brand underline-offset-4 hover:underline">
          Sign in
        </Link>
      </p>
    </div>
  );
}
