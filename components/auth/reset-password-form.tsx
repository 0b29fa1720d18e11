"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { signInWithCredentials } from "@/components/auth/credentials-sign-in";
import { FormError } from "@/components/forms/form-error";
import { useActionForm } from "@/components/forms/use-action-form";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { LoaderIcon } from "@/components/ui/icons";
import { Input } from "@/components/ui/input";
import { resetPasswordAction } from "@/lib/actions/account-email";
import type { ActionInput } from "@/lib/actions/result";
import { DEFAULT_SIGNED_IN_PATH } from "@/lib/auth/callback-url";
import { PASSWORD_MIN_LENGTH, resetPasswordSchema } from "@/lib/validations/auth";
import { fieldErrorsOf } from "@/lib/validations/forms";

const FIELDS = ["password"] as const;

/** Where the person signs in by hand when signing in with the new password did not work. */
const RESET_FALLBACK_PATH = "/login";

function passwordOf(input: ActionInput): string {
  const value = input instanceof FormData ? input.get("password") : input.password;
  return typeof value === "string" ? value : "";
}

/**
 * The page a reset link opens: a new password, then the ordinary sign-in with it (the
 * reset ended every session, this browser's included), as GitHub does: the person who
 * just proved the mailbox and chose the password should not have to type it again.
 */
export function ResetPasswordForm({ code, email }: { code: string; email: string }) {
  const router = useRouter();
  const [signingIn, setSigningIn] = useState(false);
  const form = useActionForm(
    async (input: ActionInput) => {
      const result = await resetPasswordAction(input);
      if (!result.ok) return result;
      setSigningIn(true);
      if (await signInWithCredentials(result.data.email, passwordOf(input))) {
        router.replace(DEFAULT_SIGNED_IN_PATH);
        router.refresh();
      } else {
        router.replace(RESET_FALLBACK_PATH);
      }
      return result;
    },
    {
      fields: FIELDS,
      validate: (formData) => fieldErrorsOf(resetPasswordSchema, formData),
    },
  );
  const busy = form.isPending || signingIn;

  return (
    <div className="grid gap-6">
      <div className="grid gap-1.5">
        <h1 className="font-semibold text-2xl tracking-tight">Choose a new password</h1>
        <p className="text-muted-foreground text-sm">
          For <strong className="font-medium text-foreground">{email}</strong>. Every session of
          this account will be signed out.
        </p>
      </div>
      <FormError message={form.formError} />
      <form {...form.formProps} className="grid gap-4 rounded-xl border bg-card p-6 shadow-xs">
        <input type="hidden" name="code" value={code} />
        <FormField
          label="New password"
          hint={`At least ${PASSWORD_MIN_LENGTH} characters. A passphrase of a few unrelated words works well.`}
          error={form.fieldErrors.password}
        >
          <Input name="password" type="password" autoComplete="new-password" autoFocus />
        </FormField>
        <Button type="submit" className="mt-1 w-full" disabled={busy}>
          {busy ? <LoaderIcon /> : null}
          {signingIn ? "Signing you in…" : busy ? "Setting password…" : "Set new password"}
        </Button>
      </form>
    </div>
  );
}
