import "server-only";
import { clock } from "@/lib/clock";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { checkPasswordWithinLimit } from "@/lib/services/users/limited-password-check";

// "Confirm it's you": the person proves again who they are, and the session's confirmedAt
// moves to now, which opens sudo mode (./sudo.ts) for 15 minutes. Each way of proving is a
// verifier; password is built here, and an authentication code (TOTP or recovery code) and
// a passkey plug in as further entries of CONFIRMATION_VERIFIERS (and of
// confirmationMethods), with no change to the dialog's contract or to defineAction.

export const CONFIRMATION_METHODS = ["password", "authentication_code", "passkey"] as const;
export type ConfirmationMethod = (typeof CONFIRMATION_METHODS)[number];

/** One proof, as the dialog sends it: the field it is filed under is the method's. */
export type Confirmation =
  | { method: "password"; password: string }
  | { method: "authentication_code"; code: string }
  | { method: "passkey"; response: unknown };

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
  password: (user, proof) =>
    proof.method === "password"
      ? checkPasswordWithinLimit(user, proof.password)
      : Promise.resolve(false),
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
  passkey: "The passkey could not be verified",
};

/**
 * The ways this person can confirm, for the dialog. Password always; the two-factor
 * helpers add "authentication_code" for a person with an authenticator app or recovery
 * codes, and "passkey" for one with a passkey.
 */
export async function confirmationMethods(_userId: string): Promise<ConfirmationMethod[]> {
  return ["password"];
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
  if (!verify) {
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
