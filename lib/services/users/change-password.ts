import "server-only";
import { hashPassword } from "@/lib/auth/password";
import { weakPasswordReason } from "@/lib/auth/password-strength";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { recordAccountEvent } from "@/lib/services/audit/record-audit-event";
import type { ChangePasswordInput } from "@/lib/validations/auth";
import { checkPasswordWithinLimit, type PasswordCheckDependencies } from "./limited-password-check";

export const WRONG_CURRENT_PASSWORD_MESSAGE = "Your current password is incorrect";

export type ChangePasswordDependencies = PasswordCheckDependencies;

export interface ChangePasswordRequest {
  userId: string;
  input: ChangePasswordInput;
  ip: string | null;
  /** The session the change is made in: it stays; every other session's row is deleted. */
  currentSessionId?: string;
}

/**
 * Replaces the user's password after checking the current one, and moves the session
 * version on in the same statement, so every session issued before (other browsers, a
 * stolen cookie) stops working at its next request. Returns the new session version so
 * the caller can re-issue the current browser's session.
 *
 * The other sessions' rows go too, so the Sessions list shows only what still works.
 * Wrong current passwords count against the per-account sign-in limit
 * (checkPasswordWithinLimit).
 */
export async function changePassword(
  request: ChangePasswordRequest,
  dependencies: Partial<ChangePasswordDependencies> = {},
): Promise<{ sessionVersion: number }> {
  const user = await db.user.findUniqueOrThrow({
    where: { id: request.userId },
    select: { id: true, email: true, name: true, passwordHash: true },
  });
  const correct = await checkPasswordWithinLimit(user, request.input.currentPassword, dependencies);
  if (!correct) {
    throw new AppError("validation_error", WRONG_CURRENT_PASSWORD_MESSAGE, {
      fieldErrors: { currentPassword: [WRONG_CURRENT_PASSWORD_MESSAGE] },
    });
  }
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
    const keep = request.currentSessionId;
    await tx.userSession.deleteMany({
      where: { userId: user.id, ...(keep ? { id: { not: keep } } : {}) },
    });
    await recordAccountEvent(tx, {
      userId: user.id,
      action: "user.password_changed",
      ip: request.ip,
    });
    return { sessionVersion: updated.sessionVersion };
  });
}
