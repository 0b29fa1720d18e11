import "server-only";
import { clock } from "@/lib/clock";
import { db } from "@/lib/db";
import { isAppError } from "@/lib/errors";
import { verifyPasskeyAssertionForUser } from "@/lib/services/passkeys/authenticate-passkey";
import {
  checkPasswordWithinLimit,
  checkWithinAccountLimit,
} from "@/lib/services/users/limited-password-check";
import { acceptTotpCode } from "@/lib/services/users/second-factors";
import { authenticationResponseSchema } from "@/lib/validations/passkeys";
import type { Confirmation, ConfirmingUser } from "./confirm-identity";

// The ways of answering "Confirm it's you". Each is one attempt against the account's
// sign-in limit (lib/services/users/limited-password-check.ts): a stolen session must not
// become an unlimited oracle for the password, the authenticator app's codes or anything
// else. Each answers true for the person's own proof, false for a wrong one (the failure
// stays counted), and throws an AppError to refuse otherwise.

export function verifyPassword(user: ConfirmingUser, proof: Confirmation): Promise<boolean> {
  if (proof.method !== "password") return Promise.resolve(false);
  return checkPasswordWithinLimit(user, proof.password);
}

/**
 * A code from the person's authenticator app, accepted once as at sign-in: its time step
 * must come after the last one used (sign-in's included), so a code seen over a shoulder
 * or in a proxy's log cannot be replayed. Recovery codes are not taken here: they are the
 * way back into an account, not a routine confirmation, and the password always is one.
 */
export function verifyAuthenticationCode(
  user: ConfirmingUser,
  proof: Confirmation,
): Promise<boolean> {
  if (proof.method !== "authentication_code") return Promise.resolve(false);
  return checkWithinAccountLimit(
    user.email,
    () => db.$transaction((tx) => acceptTotpCode(tx, user.id, proof.code, clock.now())),
    { refusal: "Too many attempts with a wrong code." },
  );
}

/**
 * A WebAuthn assertion of one of the person's own passkeys, for the challenge issued to
 * them (startPasskeyConfirmation): single use, this origin and RP ID, counter moving on.
 * Input that is no assertion at all is refused as a wrong one, after it is counted.
 */
export function verifyPasskey(user: ConfirmingUser, proof: Confirmation): Promise<boolean> {
  if (proof.method !== "passkey") return Promise.resolve(false);
  return checkWithinAccountLimit(
    user.email,
    async () => {
      const response = authenticationResponseSchema.safeParse(parseJson(proof.response));
      if (!response.success) return false;
      try {
        await verifyPasskeyAssertionForUser(user.id, response.data, proof.challengeId);
        return true;
      } catch (error) {
        // Another person's passkey, a bad signature, origin or counter: a wrong answer. A
        // spent or lapsed challenge stays a `bad_request` (nothing was guessed): try again.
        if (isAppError(error) && error.code === "unauthorized") return false;
        throw error;
      }
    },
    { refusal: "Too many attempts." },
  );
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
