// Shared by the passkey provider (server) and the sign-in button (browser), so this file
// must stay free of server-only imports.

/** The error code next-auth hands the sign-in page when the passkey challenge was spent or lapsed. */
export const PASSKEY_CHALLENGE_EXPIRED_CODE = "PasskeyChallengeExpired";

/** A refused passkey: the same words whether the passkey is unknown or its signature is wrong. */
export const PASSKEY_NOT_ACCEPTED_MESSAGE =
  "That passkey was not accepted. Use another passkey or sign in with your password.";

export const PASSKEY_CHALLENGE_EXPIRED_MESSAGE =
  "That passkey request has expired or was already used. Please try again.";
