"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { signInWithCredentials } from "@/components/auth/credentials-sign-in";
import { FormError } from "@/components/forms/form-error";
import { useActionForm } from "@/components/forms/use-action-form";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { LoaderIcon } from "@/components/ui/icons";
import { Input } from "@/components/ui/input";
import { signUpAction, signUpWithInvitationAction } from "@/lib/actions/auth";
import type { ActionInput } from "@/lib/actions/result";
import { DEFAULT_SIGNED_IN_PATH } from "@/lib/auth/callback-url";
import { invitedSignUpSchema, PASSWORD_MIN_LENGTH, signUpSchema } from "@/lib/validations/auth";
import { fieldErrorsOf } from "@/lib/validations/forms";

const FIELDS = ["name", "organizationName", "email", "password"] as const;
const INVITED_FIELDS = ["name", "email", "password"] as const;

/** Signing up through an invitation: the account joins this organization. */
export interface SignUpInvitation {
  code: string;
  /** The invited address: the only one the account may have, shown read-only. */
  email: string;
  organizationName: string;
}

/** Where a new account goes when signing it in failed: sign in by hand, email filled in. */
export const SIGN_UP_FALLBACK_PATH = "/login?registered=1";

function text(input: ActionInput, name: string): string {
  const value = input instanceof FormData ? input.get(name) : input[name];
  return typeof value === "string" ? value : "";
}

/**
 * Signs the new account in with the credentials it was just created with: the same
 * next-auth credentials sign-in as the sign-in page, so the session cookie, the sign-in
 * limits and the trusted-device cookie work exactly as there. True when it worked.
 */
function signInNewAccount(input: ActionInput): Promise<boolean> {
  return signInWithCredentials(text(input, "email"), text(input, "password"));
}

export function SignUpForm({ invitation }: { invitation?: SignUpInvitation } = {}) {
  const router = useRouter();
  // Set once the account exists: the form stays busy until the next page has loaded.
  const [signingIn, setSigningIn] = useState(false);
  const schema = invitation ? invitedSignUpSchema : signUpSchema;
  const form = useActionForm(
    async (input: ActionInput) => {
      const result = await (invitation ? signUpWithInvitationAction : signUpAction)(input);
      if (!result.ok) return result;
      setSigningIn(true);
      // The account exists whatever happens next: a failed sign-in only means signing in
      // by hand, on the sign-in page that says so, never creating the account again.
      if (await signInNewAccount(input)) {
        router.replace(DEFAULT_SIGNED_IN_PATH);
        router.refresh();
      } else {
        router.replace(SIGN_UP_FALLBACK_PATH);
      }
      return result;
    },
    {
      fields: invitation ? INVITED_FIELDS : FIELDS,
      validate: (formData) => fieldErrorsOf(schema, formData),
    },
  );
  const { fieldErrors, values } = form;
  const busy = form.isPending || signingIn;

  return (
    <div className="grid gap-6">
      <div className="grid gap-1.5">
        <h1 className="font-semibold text-2xl tracking-tight">
          {invitation
            ? `Create your account to join ${invitation.organizationName}`
            : "Create your account"}
        </h1>
        <p className="text-muted-foreground text-sm">
          {invitation
            ? "Your account joins the organization that invited you."
            : "Start on the Free plan. You can change plans at any time."}
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
        {invitation ? (
          <input type="hidden" name="invitationCode" value={invitation.code} />
        ) : (
          <FormField label="Organization name" error={fieldErrors.organizationName}>
            <Input
              name="organizationName"
              autoComplete="organization"
              defaultValue={values.organizationName}
              maxLength={100}
            />
          </FormField>
        )}
        <FormField
          label="Email"
          hint={invitation ? "The address you were invited at." : undefined}
          error={fieldErrors.email}
        >
          <Input
            name="email"
            type="email"
            autoComplete="email"
            inputMode="email"
            spellCheck={false}
            // Through an invitation, the invited address and no other.
            {...(invitation
              ? { readOnly: true, value: invitation.email }
              : { defaultValue: values.email })}
          />
        </FormField>
        <FormField
          label="Password"
          hint={`At least ${PASSWORD_MIN_LENGTH} characters. A passphrase of a few words works well.`}
          error={fieldErrors.password}
        >
          <Input name="password" type="password" autoComplete="new-password" />
        </FormField>
        <Button type="submit" className="mt-1 w-full" disabled={busy}>
          {busy ? <LoaderIcon /> : null}
          {signingIn ? "Signing you in…" : busy ? "Creating account…" : "Create account"}
        </Button>
      </form>

      <p className="text-center text-muted-foreground text-sm">
        Already have an account?{" "}
        <Link
          href={
            invitation
              ? `/login?callbackUrl=${encodeURIComponent(`/invite/${invitation.code}`)}`
              : "/login"
          }
          className="font-medium text-brand underline-offset-4 hover:underline"
        >
          Sign in
        </Link>
      </p>
    </div>
  );
}
