"use client";

import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import { FormError } from "@/components/forms/form-error";
import { PendingButton } from "@/components/forms/pending-button";
import { Button } from "@/components/ui/button";
import type { TwoFactorStepMethods } from "@/lib/auth/sign-in-messages";
import { signInWithPasskeySecondFactor } from "./passkey-second-factor";
import { type CodeMethod, TwoFactorCodeForm } from "./two-factor-code-form";

type Method = CodeMethod | "passkey";

const INSTRUCTIONS: Record<Method, string> = {
  totp: "Enter the 6-digit code from your authenticator app.",
  recovery:
    "Enter one of the recovery codes you saved when you turned on two-factor authentication. Each works once.",
  passkey:
    "Use one of the passkeys you added to MailShield: your fingerprint, face, screen lock or security key.",
};

interface TwoFactorStepProps extends TwoFactorStepMethods {
  callbackPath: string;
  /** Back to the password step, with a message when the challenge ran out. */
  onRestart: (message: string | null) => void;
}

/**
 * The sign-in's second step, after a correct password: an authenticator-app code, a
 * passkey, or a recovery code instead; the person's passkey first when they have no app.
 * No session exists until one passes (next-auth's "two-factor" provider).
 */
export function TwoFactorStep({ callbackPath, totp, passkey, onRestart }: TwoFactorStepProps) {
  const router = useRouter();
  const [method, setMethod] = useState<Method>(totp || !passkey ? "totp" : "passkey");
  const [passkeyError, setPasskeyError] = useState<string | null>(null);
  const [passkeyPending, setPasskeyPending] = useState(false);
  const codeRef = useRef<HTMLInputElement>(null);
  const passkeyButtonRef = useRef<HTMLButtonElement>(null);

  function signedIn() {
    router.replace(callbackPath);
    router.refresh();
  }

  function switchTo(next: CodeMethod) {
    setMethod(next);
    setPasskeyError(null);
    // The field is replaced; focus the new one once it is there.
    requestAnimationFrame(() => codeRef.current?.focus());
  }

  async function tryPasskey() {
    if (passkeyPending) return;
    setMethod("passkey");
    setPasskeyError(null);
    setPasskeyPending(true);
    const outcome = await signInWithPasskeySecondFactor();
    if (outcome.kind === "signed-in") return signedIn();
    if (outcome.kind === "restart") return onRestart(outcome.message);
    setPasskeyError(outcome.message);
    setPasskeyPending(false);
    requestAnimationFrame(() => passkeyButtonRef.current?.focus());
  }

  return (
    <div className="grid gap-6">
      <div className="grid gap-1.5">
        <h1 className="font-semibold text-2xl tracking-tight">Two-factor authentication</h1>
        <p className="text-muted-foreground text-sm">{INSTRUCTIONS[method]}</p>
      </div>

      {method === "passkey" ? (
        <div
          className="grid gap-4 rounded-xl border bg-card p-6 shadow-xs"
          aria-busy={passkeyPending}
        >
          <FormError message={passkeyError} />
          <PendingButton
            ref={passkeyButtonRef}
            type="button"
            className="w-full"
            autoFocus
            pending={passkeyPending}
            pendingLabel="Waiting for your passkey…"
            onClick={tryPasskey}
          >
            Use a passkey
          </PendingButton>
        </div>
      ) : (
        <TwoFactorCodeForm
          key={method}
          method={method}
          inputRef={codeRef}
          onSignedIn={signedIn}
          onRestart={onRestart}
        />
      )}

      <div className="grid justify-items-center gap-2 text-sm">
        {passkey && method !== "passkey" ? (
          <Button type="button" variant="link" onClick={tryPasskey}>
            Use a passkey
          </Button>
        ) : null}
        {totp && method !== "totp" ? (
          <Button type="button" variant="link" onClick={() => switchTo("totp")}>
            Use your authenticator app
          </Button>
        ) : null}
        {method !== "recovery" ? (
          <Button type="button" variant="link" onClick={() => switchTo("recovery")}>
            Use a recovery code
          </Button>
        ) : null}
        <Button type="button" variant="link" onClick={() => onRestart(null)}>
          Back to sign in
        </Button>
      </div>
    </div>
  );
}
