// Shared by the passkey provider (server) and the sign-in button (browser), so this file
// must stay free of server-only imports.

/** The error code next-auth hands the sign-in page when the passkey challenge was spent or lapsed. */
export const PASSKEY_CHALLENGE_EXPIRED_CODE = "PasskeyChallengeExpired";

/** A refused passkey: the same words whether the passkey is unknown or its signature is wrong. */
export const PASSKEY_NOT_ACCEPTED_MESSAGE =
  "That passkey was not accepted. Use another passkey or sign in with your password.";

export const PASSKEY_CHALLENGE_EXPIRED_MESSAGE =
  "That passkey request has expired or was already used. Please try again.";

/**
 * What the person is told when the browser's passkey prompt ended without a passkey, by
 * the DOMException's name (@simplewebauthn/browser keeps it on its WebAuthnError).
 */
export function passkeyPromptFailureMessage(error: unknown, ceremony: "create" | "get"): string {
  const name = error instanceof Error ? error.name : "";
  if (name === "NotAllowedError" || name === "AbortError") {
    return ceremony === "create"
      ? "No passkey was created: the request was cancelled or timed out."
      : "No passkey was used: the request was cancelled or timed out.";
  }
  if (name === "InvalidStateError" && ceremony === "create") {
    return "This device or security key already has a passkey for your account.";
  }
  if (name === "NotSupportedError") return "This browser or device cannot use passkeys here.";
  return ceremony === "create"
    ? "Your browser could not create a passkey. Please try again."
    : "Your browser could not use a passkey. Please try again.";
}
