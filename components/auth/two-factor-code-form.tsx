"use client";

import { signIn } from "next-auth/react";
import { type RefObject, useState } from "react";
import { FormError } from "@/components/forms/form-error";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { LoaderIcon } from "@/components/ui/icons";
import { Input } from "@/components/ui/input";
import { messageForTooManyAttempts, TWO_FACTOR_EXPIRED_CODE } from "@/lib/auth/sign-in-messages";
import { SIGN_IN_TOOK_TOO_LONG } from "./passkey-second-factor";

export type CodeMethod = "totp" | "recovery";

const WRONG_CODE: Record<CodeMethod, string> = {
  totp: "That code is not right. Enter the current code from your authenticator app.",
  recovery: "That recovery code is not right, or it has been used.",
};
const UNAVAILABLE_MESSAGE = "Sign-in is unavailable right now. Please try again in a moment.";

/**
 * The second step's code: an authenticator-app code or a recovery code, checked by
 * next-auth's "two-factor" provider against the challenge the password step left in a cookie.
 */
export function TwoFactorCodeForm({
  method,
  inputRef,
  onSignedIn,
  onRestart,
}: {
  method: CodeMethod;
  inputRef: RefObject<HTMLInputElement | null>;
  onSignedIn: () => void;
  onRestart: (message: string | null) => void;
}) {
  const [code, setCode] = useState("");
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function handleSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!code.trim()) {
      setFieldError(method === "totp" ? "Enter the 6-digit code" : "Enter a recovery code");
      inputRef.current?.focus();
      return;
    }
    setPending(true);
    setFieldError(null);
    setFormError(null);
    try {
      const result = await signIn("two-factor", { code: code.trim(), method, redirect: false });
      if (result?.ok && !result.error) {
        onSignedIn();
        return;
      }
      const error = result?.error ?? "unknown";
      if (error === TWO_FACTOR_EXPIRED_CODE) {
        onRestart(SIGN_IN_TOOK_TOO_LONG);
        return;
      }
      if (error === "CredentialsSignin") setFieldError(WRONG_CODE[method]);
      else setFormError(messageForTooManyAttempts(error) ?? UNAVAILABLE_MESSAGE);
    } catch {
      setFormError(UNAVAILABLE_MESSAGE);
    }
    setCode("");
    setPending(false);
    inputRef.current?.focus();
  }

  const totp = method === "totp";
  return (
    <>
      <FormError message={formError} />
      <form
        method="post"
        noValidate
        onSubmit={handleSubmit}
        className="grid gap-4 rounded-xl border bg-card p-6 shadow-xs"
        aria-busy={pending}
      >
        <FormField
          label={totp ? "Authentication code" : "Recovery code"}
          error={fieldError ?? undefined}
        >
          <Input
            ref={inputRef}
            name="code"
            autoFocus
            autoComplete={totp ? "one-time-code" : "off"}
            inputMode={totp ? "numeric" : "text"}
            spellCheck={false}
            maxLength={totp ? 7 : 20}
            placeholder={totp ? "123456" : "xxxxx-xxxxx"}
            value={code}
            onChange={(event) => setCode(event.target.value)}
          />
        </FormField>
        <Button type="submit" className="mt-1 w-full" disabled={pending}>
          {pending ? <LoaderIcon /> : null}
          {pending ? "Verifying…" : "Verify"}
        </Button>
      </form>
    </>
  );
}
