"use client";

import Link from "next/link";
import { FormError } from "@/components/forms/form-error";
import { useActionForm } from "@/components/forms/use-action-form";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { LoaderIcon } from "@/components/ui/icons";
import { Input } from "@/components/ui/input";
import { signUpAction } from "@/lib/actions/auth";
import { PASSWORD_MIN_LENGTH, signUpSchema } from "@/lib/validations/auth";
import { fieldErrorsOf } from "@/lib/validations/forms";

const FIELDS = ["name", "organizationName", "email", "password"] as const;

export function SignUpForm() {
  const form = useActionForm(signUpAction, {
    fields: FIELDS,
    validate: (formData) => fieldErrorsOf(signUpSchema, formData),
  });
  const { fieldErrors, values } = form;

  return (
    <div className="grid gap-6">
      <div className="grid gap-1.5">
        <h1 className="font-semibold text-2xl tracking-tight">Create your account</h1>
        <p className="text-muted-foreground text-sm">
          Start on the Free plan. You can change plans at any time.
        </p>
      </div>

      <FormError message={form.formError} />

      <form {...form.formProps} className="grid gap-4 rounded-xl border bg-card p-6 shadow-xs">
        <FormField label="Your name" error={fieldErrors.name}>
          <Input
            name="name"
            autoComplete="name"
            defaultValue={values.name}
            maxLength={100}
            autoFocus
          />
        </FormField>
        <FormField label="Organization name" error={fieldErrors.organizationName}>
          <Input
            name="organizationName"
            autoComplete="organization"
            defaultValue={values.organizationName}
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
            defaultValue={values.email}
          />
        </FormField>
        <FormField
          label="Password"
          hint={`At least ${PASSWORD_MIN_LENGTH} characters. A passphrase of a few words works well.`}
          error={fieldErrors.password}
        >
          <Input name="password" type="password" autoComplete="new-password" />
        </FormField>
        <Button type="submit" className="mt-1 w-full" disabled={form.isPending}>
          {form.isPending ? <LoaderIcon /> : null}
          {form.isPending ? "Creating account…" : "Create account"}
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
