import "server-only";
import { clock } from "@/lib/clock";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { admitPasskeySignInChallenge } from "@/lib/rate-limit/passkey-challenge-limits";
import {
  type PasskeyAssertionStart,
  startPasskeySecondFactor,
} from "@/lib/services/passkeys/authenticate-passkey";
import { secondFactorMethods } from "@/lib/services/users/two-factor-status";
import type { ConfirmationMethod } from "@/lib/validations/sessions";
import { verifyAuthenticationCode, verifyPasskey, verifyPassword } from "./confirmation-verifiers";

// "Confirm it's you": the person proves again who they are, and the session's confirmedAt
// moves to now, which opens sudo mode (./sudo.ts) for 15 minutes. Each way of proving is a
// verifier (./confirmation-verifiers.ts): the password, a code from the authenticator app,
// or one of the person's passkeys; the dialog offers the ones the person has
// (confirmationMethods).

export type { ConfirmationMethod };

/** One proof, as the dialog sends it: the field it is filed under is the method's. */
export type Confirmation =
  | { method: "password"; password: string }
  | { method: "authentication_code"; code: string }
  /** `response` is the browser's assertion as JSON text, for the challenge `challengeId`. */
  | { method: "passkey"; challengeId: string; response: string };

export interface ConfirmingUser {
  id: string;
  email: string;
  passwordHash: string;
}

/**
 * Checks one kind of proof: true when it is the person's, false when wrong (counted against
 * the method's own limits); throws an AppError to refuse otherwise (`rate_limited`).
 */
export type ConfirmationVerifier = (user: ConfirmingUser, proof: Confirmation) => Promise<boolean>;

export const CONFIRMATION_VERIFIERS: Partial<Record<ConfirmationMethod, ConfirmationVerifier>> = {
  password: verifyPassword,
  authentication_code: verifyAuthenticationCode,
  passkey: verifyPasskey,
};

/** The field each method's answer is typed in, where a wrong answer's message goes. */
const FIELD: Record<ConfirmationMethod, string> = {
  password: "password",
  authentication_code: "code",
  passkey: "form",
};
const WRONG: Record<ConfirmationMethod, string> = {
  password: "Your password is incorrect",
  authentication_code: "That code is incorrect or has expired",
  passkey: "That passkey was not accepted. Use another passkey, or your password.",
};

/**
 * The ways this person can confirm, for the dialog: the password always, an authentication
 * code with an authenticator app turned on, a passkey with at least one passkey.
 */
export async function confirmationMethods(userId: string): Promise<ConfirmationMethod[]> {
  const { totp, passkey } = await secondFactorMethods(db, userId);
  return [
    "password",
    ...(totp ? (["authentication_code"] as const) : []),
    ...(passkey ? (["passkey"] as const) : []),
  ];
}

/**
 * The WebAuthn options for confirming with a passkey: the person's own passkeys only, user
 * verification preferred (the passkey stands in for the password here). Each writes a
 * row, so they are bounded per network like the sign-in page's.
 */
export async function startPasskeyConfirmation(
  userId: string,
  ip: string | null,
): Promise<PasskeyAssertionStart> {
  const admission = ip ? await admitPasskeySignInChallenge(ip) : { allowed: true as const };
  if (!admission.allowed) {
    const minutes = Math.ceil(admission.retryAfterSeconds / 60);
    throw new AppError(
      "rate_limited",
      `Too many passkey requests from this network. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`,
    );
  }
  return startPasskeySecondFactor(userId, { userVerification: "preferred" });
}

export interface ConfirmIdentityRequest {
  userId: string;
  sessionId: string;
  confirmation: Confirmation;
}

/** Checks the proof and opens sudo mode for the session; answers when it was confirmed. */
export async function confirmIdentity(
  request: ConfirmIdentityRequest,
  verifiers: Partial<Record<ConfirmationMethod, ConfirmationVerifier>> = CONFIRMATION_VERIFIERS,
): Promise<{ confirmedAt: Date }> {
  const { method } = request.confirmation;
  const verify = verifiers[method];
  // A method the person does not have (a forged call, or a factor removed in another tab).
  const available =
    method === "password" || (await confirmationMethods(request.userId)).includes(method);
  if (!verify || !available) {
    throw new AppError("bad_request", "That way of confirming is not available.");
  }
  const user = await db.user.findUnique({
    where: { id: request.userId },
    select: { id: true, email: true, passwordHash: true },
  });
  if (!user) throw sessionGone();
  if (!(await verify(user, request.confirmation))) {
    throw new AppError("validation_error", WRONG[method], {
      fieldErrors: { [FIELD[method]]: [WRONG[method]] },
    });
  }
  const confirmedAt = clock.now();
  const { count } = await db.userSession.updateMany({
    where: { id: request.sessionId, userId: user.id },
    data: { confirmedAt },
  });
  if (count === 0) throw sessionGone();
  return { confirmedAt };
}

function sessionGone(): AppError {
  return new AppError("unauthorized", "Your session has ended. Sign in again to continue.");
}
