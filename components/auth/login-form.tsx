"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { signIn } from "next-auth/react";
import { useRef, useState } from "react";
import { FormError } from "@/components/forms/form-error";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { LoaderIcon } from "@/components/ui/icons";
import { Input } from "@/components/ui/input";
import {
  messageForTooManyAttempts,
  type TwoFactorStepMethods,
  twoFactorStepOf,
} from "@/lib/auth/sign-in-messages";
import { PasskeySignInButton } from "./passkey-sign-in-button";
import { TwoFactorStep } from "./two-factor-step";

export const INVALID_CREDENTIALS_MESSAGE = "Invalid email or password";
const UNAVAILABLE_MESSAGE = "Sign-in is unavailable right now. Please try again in a moment.";

interface LoginFormProps {
  initialEmail: string;
  callbackPath: string;
  /** True when signing a new account in right after sign-up failed: says the account exists. */
  registered: boolean;
  /** An error code next-auth put in the URL (for example after a failed non-JS sign-in). */
  initialError: string | null;
}

type FieldErrors = { email?: string; password?: string };

export function LoginForm({
  initialEmail,
  callbackPath,
  registered,
  initialError,
}: LoginFormProps) {
  const router = useRouter();
  const [email, setEmail] = useState(initialEmail);
  const [password, setPassword] = useState("");
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(
    initialError ? messageForError(initialError) : null,
  );
  const [pending, setPending] = useState(false);
  // Set after a correct password for a person with two-factor: the form's second step.
  const [secondStep, setSecondStep] = useState<TwoFactorStepMethods | null>(null);
  const emailRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);

  async function handleSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const errors: FieldErrors = {};
    if (!email.trim()) errors.email = "Enter your email address";
    if (!password) errors.password = "Enter your password";
    setFieldErrors(errors);
    if (errors.email || errors.password) {
      (errors.email ? emailRef : passwordRef).current?.focus();
      return;
    }

    setPending(true);
    setFormError(null);
    try {
      const result = await signIn("credentials", {
        email: email.trim(),
        password,
        redirect: false,
      });
      if (result?.ok && !result.error) {
        router.replace(callbackPath);
        router.refresh();
        return;
      }
      const step = twoFactorStepOf(result?.error ?? "");
      if (step) {
        setPassword("");
        setPending(false);
        setSecondStep(step);
        return;
      }
      setFormError(messageForError(result?.error ?? "unknown"));
    } catch {
      setFormError(UNAVAILABLE_MESSAGE);
    }
    // The email stays as typed; the password is cleared so it can be retyped.
    setPassword("");
    setPending(false);
    passwordRef.current?.focus();
  }

  if (secondStep) {
    return (
      <TwoFactorStep
        callbackPath={callbackPath}
        totp={secondStep.totp}
        passkey={secondStep.passkey}
        onRestart={(message) => {
          setSecondStep(null);
          setFormError(message);
        }}
      />
    );
  }

  return (
    <div className="grid gap-6">
      <div className="grid gap-1.5">
        <h1 className="font-semibold text-2xl tracking-tight">Sign in to MailShield</h1>
        <p className="text-muted-foreground text-sm">
          Welcome back. Enter your email and password.
        </p>
      </div>

      {registered && !formError ? (
        <Alert variant="success">
          <AlertTitle>Account created</AlertTitle>
          <AlertDescription>
            We could not sign you in automatically. Sign in with your email and password to
            continue.
          </AlertDescription>
        </Alert>
      ) : null}
      <FormError message={formError} />

      {/* POST, so that a submit before JavaScript has loaded never puts the password in the URL. */}
      <form
        method="post"
        noValidate
        onSubmit={handleSubmit}
        className="grid gap-4 rounded-xl border bg-card p-6 shadow-xs"
        aria-busy={pending}
      >
        <FormField label="Email" error={fieldErrors.email}>
          <Input
            ref={emailRef}
            name="email"
            type="email"
            autoComplete="email"
            inputMode="email"
            spellCheck={false}
            autoFocus={!initialEmail}
            value={email}
            onChange={(event) => setEmail(event.target.value)}
          />
        </FormField>
        <FormField
          label="Password"
          error={fieldErrors.password}
          labelAside={
            <Link
              href="/forgot-password"
              className="text-brand text-sm underline-offset-4 hover:underline"
            >
              Forgot password?
            </Link>
          }
        >
          <Input
            ref={passwordRef}
            name="password"
            type="password"
            autoComplete="current-password"
            autoFocus={Boolean(initialEmail)}
            value={password}
            onChange={(event) => setPassword(event.target.value)}
          />
        </FormField>
        <Button type="submit" className="mt-1 w-full" disabled={pending}>
          {pending ? <LoaderIcon /> : null}
          {pending ? "Signing in…" : "Sign in"}
        </Button>
      </form>
      <PasskeySignInButton callbackPath={callbackPath} />

      <p className="text-center text-muted-foreground text-sm">
        New to MailShield?{" "}
        <Link href="/signup" className="font-medium text-brand underline-offset-4 hover:underline">
          Create an account
        </Link>
      </p>
    </div>
  );
}

function messageForError(code: string): string {
  // next-auth reports every rejected email/password pair as CredentialsSignin, so the
  // message cannot reveal whether the email has an account.
  if (code === "CredentialsSignin") return INVALID_CREDENTIALS_MESSAGE;
  return messageForTooManyAttempts(code) ?? UNAVAILABLE_MESSAGE;
}
