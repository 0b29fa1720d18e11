"use client";

import { browserSupportsWebAuthn, startAuthentication } from "@simplewebauthn/browser";
import { useRouter } from "next/navigation";
import { signIn } from "next-auth/react";
import type * as React from "react";
import { useState, useSyncExternalStore } from "react";
import { FormError } from "@/components/forms/form-error";
import { PendingButton } from "@/components/forms/pending-button";
import { startPasskeySignInAction } from "@/lib/actions/passkeys";
import {
  PASSKEY_CHALLENGE_EXPIRED_CODE,
  PASSKEY_CHALLENGE_EXPIRED_MESSAGE,
  PASSKEY_NOT_ACCEPTED_MESSAGE,
  passkeyPromptFailureMessage,
} from "@/lib/auth/passkey-messages";
import { messageForTooManyAttempts } from "@/lib/auth/sign-in-messages";

const UNAVAILABLE_MESSAGE =
  "Passkey sign-in is unavailable right now. Please try again in a moment.";
const noopSubscribe = () => () => {};

/**
 * "Sign in with a passkey" on the sign-in page: no email, no password. The browser offers
 * the passkeys it holds for MailShield (discoverable credentials); the chosen one's
 * assertion goes to next-auth's "passkey" provider, which starts the session.
 */
export function PasskeySignInButton({ callbackPath }: { callbackPath: string }): React.ReactNode {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // Known only in the browser: the server renders the button.
  const supported = useSyncExternalStore(noopSubscribe, browserSupportsWebAuthn, () => true);
  if (!supported) return null;

  async function signInWithPasskey() {
    if (pending) return;
    setPending(true);
    setError(null);
    try {
      const started = await startPasskeySignInAction({});
      if (!started.ok) {
        setError(started.message);
        return;
      }
      let response: Awaited<ReturnType<typeof startAuthentication>>;
      try {
        response = await startAuthentication({ optionsJSON: started.data.options });
      } catch (caught) {
        setError(passkeyPromptFailureMessage(caught, "get"));
        return;
      }
      const result = await signIn("passkey", {
        challengeId: started.data.challengeId,
        response: JSON.stringify(response),
        redirect: false,
      });
      if (result?.ok && !result.error) {
        router.replace(callbackPath);
        router.refresh();
        return;
      }
      setError(messageForError(result?.error ?? "unknown"));
    } catch {
      setError(UNAVAILABLE_MESSAGE);
    } finally {
      setPending(false);
    }
  }

  return (
    <div className="grid gap-3">
      <p className="flex items-center gap-3 text-muted-foreground text-xs uppercase tracking-wide before:h-px before:flex-1 before:bg-border after:h-px after:flex-1 after:bg-border">
        or
      </p>
      <FormError message={error} />
      <PendingButton
        type="button"
        variant="outline"
        className="w-full"
        pending={pending}
        pendingLabel="Waiting for your passkey…"
        onClick={signInWithPasskey}
      >
        Sign in with a passkey
      </PendingButton>
    </div>
  );
}

function messageForError(code: string): string {
  if (code === "CredentialsSignin") return PASSKEY_NOT_ACCEPTED_MESSAGE;
  if (code === PASSKEY_CHALLENGE_EXPIRED_CODE) return PASSKEY_CHALLENGE_EXPIRED_MESSAGE;
  return messageForTooManyAttempts(code) ?? UNAVAILABLE_MESSAGE;
}
