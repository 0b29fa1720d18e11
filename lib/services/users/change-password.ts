import "server-only";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { weakPasswordReason } from "@/lib/auth/password-strength";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { releaseAttempts, reserveAttempts } from "@/lib/rate-limit/failure-limiter";
import { accountKey, type SignInLimiters, signInLimiters } from "@/lib/rate-limit/sign-in-limits";
import { recordAccountEvent } from "@/lib/services/audit/record-audit-event";
import type { ChangePasswordInput } from "@/lib/validations/auth";

export const WRONG_CURRENT_PASSWORD_MESSAGE = "Your current password is incorrect";

export interface ChangePasswordDependencies {
  limiters: SignInLimiters;
  /** Checks the current password (injectable so tests can count verifications). */
  verifyPassword: (hash: string, password: string) => Promise<boolean>;
}

export interface ChangePasswordRequest {
  userId: string;
  input: ChangePasswordInput;
  ip: string | null;
}

/**
 * Replaces the user's password after checking the current one, and moves the session
 * version on in the same statement, so every session issued before (other browsers, a
 * stolen cookie) stops working at its next request. Returns the new session version so
 * the caller can re-issue the current browser's session.
 *
 * Wrong current passwords count against the same per-account limit as failed sign-ins:
 * a hijacked session must not become an unlimited password-guessing oracle. As at
 * sign-in, the attempt is reserved before the current password is verified, so
 * concurrent guesses cannot all pass the check.
 */
export async function changePassword(
  request: ChangePasswordRequest,
  dependencies: Partial<ChangePasswordDependencies> = {},
): Promise<{ sessionVersion: number }> {
  const limiters = dependencies.limiters ?? signInLimiters();
  const verify = dependencies.verifyPassword ?? verifyPassword;
  const user = await db.user.findUniqueOrThrow({
    where: { id: request.userId },
    select: { id: true, email: true, name: true, passwordHash: true },
  });
  const key = accountKey(user.email);
  const attempt = await reserveAttempts([[limiters.account, key]]);
  if (!attempt.granted) {
    const minutes = Math.ceil(attempt.retryAfterSeconds / 60);
    throw new AppError(
      "rate_limited",
      `Too many attempts with a wrong password. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`,
    );
  }
  let correct: boolean;
  try {
    correct = await verify(user.passwordHash, request.input.currentPassword);
  } catch (error) {
    await releaseAttempts(attempt.held);
    throw error;
  }
  // A wrong current password keeps its reservation: it is the recorded failure.
  if (!correct) {
    throw new AppError("validation_error", WRONG_CURRENT_PASSWORD_MESSAGE, {
      fieldErrors: { currentPassword: [WRONG_CURRENT_PASSWORD_MESSAGE] },
    });
  }
  await releaseAttempts(attempt.held);
  const weakness = weakPasswordReason(request.input.newPassword, {
    email: user.email,
    name: user.name,
  });
  if (weakness) {
    throw new AppError("validation_error", weakness, { fieldErrors: { newPassword: [weakness] } });
  }

  const passwordHash = await hashPassword(request.input.newPassword);
  return db.$transaction(async (tx) => {
    const updated = await tx.user.update({
      where: { id: user.id },
      data: { passwordHash, sessionVersion: { increment: 1 } },
      select: { sessionVersion: true },
    });
    await recordAccountEvent(tx, {
      userId: user.id,
      action: "user.password_changed",
      ip: request.ip,
    });
    return { sessionVersion: updated.sessionVersion };
  });
}
