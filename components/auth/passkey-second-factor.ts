"use client";

import { startAuthentication } from "@simplewebauthn/browser";
import { signIn } from "next-auth/react";
import {
  PASSKEY_CHALLENGE_EXPIRED_CODE,
  PASSKEY_CHALLENGE_EXPIRED_MESSAGE,
  passkeyPromptFailureMessage,
} from "@/lib/auth/passkey-messages";
import { messageForTooManyAttempts, TWO_FACTOR_EXPIRED_CODE } from "@/lib/auth/sign-in-messages";

/** The endpoint that gives the WebAuthn options for the person of the pending sign-in. */
const OPTIONS_PATH = "/api/auth/two-factor/passkey";

export const PASSKEY_SECOND_FACTOR_REFUSED =
  "That passkey was not accepted. Use another of your passkeys, or a code instead.";
const UNAVAILABLE_MESSAGE = "Sign-in is unavailable right now. Please try again in a moment.";
export const SIGN_IN_TOOK_TOO_LONG = "Your sign-in took too long. Enter your password again.";

export type PasskeySecondFactorOutcome =
  | { kind: "signed-in" }
  /** The sign-in challenge is gone: back to the password step with this message. */
  | { kind: "restart"; message: string }
  | { kind: "error"; message: string };

/**
 * "Use a passkey" after the password: options for this person's passkeys (the sign-in
 * challenge's cookie names them), the browser's prompt, then the assertion to next-auth's
 * "two-factor" provider, which starts the session only if it verifies.
 */
export async function signInWithPasskeySecondFactor(): Promise<PasskeySecondFactorOutcome> {
  let options: Parameters<typeof startAuthentication>[0]["optionsJSON"];
  let challengeId: string;
  try {
    const answer = await fetch(OPTIONS_PATH, { method: "POST", credentials: "same-origin" });
    const body = (await answer.json().catch(() => null)) as {
      challengeId?: string;
      options?: typeof options;
      error?: { message?: string };
    } | null;
    if (answer.status === 401) return { kind: "restart", message: SIGN_IN_TOOK_TOO_LONG };
    if (!answer.ok || !body?.options || !body.challengeId) {
      return { kind: "error", message: body?.error?.message ?? UNAVAILABLE_MESSAGE };
    }
    options = body.options;
    challengeId = body.challengeId;
  } catch {
    return { kind: "error", message: UNAVAILABLE_MESSAGE };
  }

  let response: Awaited<ReturnType<typeof startAuthentication>>;
  try {
    response = await startAuthentication({ optionsJSON: options });
  } catch (caught) {
    return { kind: "error", message: passkeyPromptFailureMessage(caught, "get") };
  }

  try {
    const result = await signIn("two-factor", {
      method: "passkey",
      challengeId,
      response: JSON.stringify(response),
      redirect: false,
    });
    if (result?.ok && !result.error) return { kind: "signed-in" };
    const error = result?.error ?? "unknown";
    if (error === TWO_FACTOR_EXPIRED_CODE)
      return { kind: "restart", message: SIGN_IN_TOOK_TOO_LONG };
    if (error === "CredentialsSignin")
      return { kind: "error", message: PASSKEY_SECOND_FACTOR_REFUSED };
    if (error === PASSKEY_CHALLENGE_EXPIRED_CODE) {
      return { kind: "error", message: PASSKEY_CHALLENGE_EXPIRED_MESSAGE };
    }
    return { kind: "error", message: messageForTooManyAttempts(error) ?? UNAVAILABLE_MESSAGE };
  } catch {
    return { kind: "error", message: UNAVAILABLE_MESSAGE };
  }
}
