"use client";

import { useRouter } from "next/navigation";
import { signIn } from "next-auth/react";
import { useRef, useState } from "react";
import { FormError } from "@/components/forms/form-error";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { LoaderIcon } from "@/components/ui/icons";
import { Input } from "@/components/ui/input";
import { messageForTooManyAttempts, TWO_FACTOR_EXPIRED_CODE } from "@/lib/auth/sign-in-messages";

const WRONG_CODE: Record<Method, string> = {
  totp: "That code is not right. Enter the current code from your authenticator app.",
  recovery: "That recovery code is not right, or it has been used.",
};
const UNAVAILABLE_MESSAGE = "Sign-in is unavailable right now. Please try again in a moment.";

type Method = "totp" | "recovery";

interface TwoFactorStepProps {
  callbackPath: string;
  /** The person has a passkey: offer it (wired to the passkey sign-in). */
  passkey?: boolean;
  onUsePasskey?: () => void;
  /** Back to the password step, with a message when the challenge ran out. */
  onRestart: (message: string | null) => void;
}

/**
 * The sign-in's second step, after a correct password: an authenticator-app code, or a
 * recovery code instead. No session exists until this passes (next-auth's "two-factor"
 * provider checks the code against the challenge the password step left in a cookie).
 */
export function TwoFactorStep({
  callbackPath,
  passkey,
  onUsePasskey,
  onRestart,
}: TwoFactorStepProps) {
  const router = useRouter();
  const [method, setMethod] = useState<Method>("totp");
  const [code, setCode] = useState("");
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);

  function switchMethod(next: Method) {
    setMethod(next);
    setCode("");
    setFieldError(null);
    setFormError(null);
    // The field is replaced; focus the new one once it is there.
    requestAnimationFrame(() => inputRef.current?.focus());
  }

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
        router.replace(callbackPath);
        router.refresh();
        return;
      }
      const error = result?.error ?? "unknown";
      if (error === TWO_FACTOR_EXPIRED_CODE) {
        onRestart("Your sign-in took too long. Enter your password again.");
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
    <div className="grid gap-6">
      <div className="grid gap-1.5">
        <h1 className="font-semibold text-2xl tracking-tight">Two-factor authentication</h1>
        <p className="text-muted-foreground text-sm">
          {totp
            ? "Enter the 6-digit code from your authenticator app."
            : "Enter one of the recovery codes you saved when you turned on two-factor authentication. Each works once."}
        </p>
      </div>
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
            key={method}
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

      <div className="grid justify-items-center gap-2 text-sm">
        {passkey ? (
          <Button type="button" variant="link" onClick={onUsePasskey}>
            Use a passkey
          </Button>
        ) : null}
        <Button
          type="button"
          variant="link"
          onClick={() => switchMethod(totp ? "recovery" : "totp")}
        >
          {totp ? "Use a recovery code" : "Use your authenticator app"}
        </Button>
        <Button type="button" variant="link" onClick={() => onRestart(null)}>
          Back to sign in
        </Button>
      </div>
    </div>
  );
}
