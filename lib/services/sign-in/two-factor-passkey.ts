import "server-only";
import { isAppError } from "@/lib/errors";
import { admitPasskeySignInChallenge } from "@/lib/rate-limit/passkey-challenge-limits";
import {
  type PasskeyAssertionStart,
  startPasskeySecondFactor,
} from "@/lib/services/passkeys/authenticate-passkey";
import { findTwoFactorChallenge } from "@/lib/services/users/two-factor-challenge";

// "Use a passkey" in the sign-in's second step asks for WebAuthn options here. Only the
// browser holding a live sign-in challenge (the httpOnly cookie a correct password set) gets
// any: the options list that person's passkeys, so nobody learns them from an email alone.

export type PasskeySecondFactorStart =
  | { ok: true; start: PasskeyAssertionStart }
  /** No sign-in challenge, or it expired or was used: start again with the password. */
  | { ok: false; reason: "challenge_expired" }
  | { ok: false; reason: "no_passkey" }
  | { ok: false; reason: "rate_limited"; retryAfterSeconds: number };

export async function startPasskeyForTwoFactorSignIn(
  challengeToken: unknown,
  ip: string | null,
): Promise<PasskeySecondFactorStart> {
  // Each request writes a row: bounded per network like the passwordless button's.
  const admission = ip ? await admitPasskeySignInChallenge(ip) : { allowed: true as const };
  if (!admission.allowed) {
    return { ok: false, reason: "rate_limited", retryAfterSeconds: admission.retryAfterSeconds };
  }
  const pending = await findTwoFactorChallenge(challengeToken);
  if (!pending) return { ok: false, reason: "challenge_expired" };
  try {
    return { ok: true, start: await startPasskeySecondFactor(pending.user.id) };
  } catch (error) {
    if (isAppError(error) && error.code === "bad_request")
      return { ok: false, reason: "no_passkey" };
    throw error;
  }
}
