import "server-only";
import { createHash } from "node:crypto";
import { generateLinkCode, hashLinkCode } from "@/lib/auth/link-code";
import { hashPassword } from "@/lib/auth/password";
import { weakPasswordReason } from "@/lib/auth/password-strength";
import { clock } from "@/lib/clock";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { tooManyAccountEmailsMessage } from "@/lib/rate-limit/account-email-limits";
import { recordAccountEvent } from "@/lib/services/audit/record-audit-event";
import { passwordChangedEmail, passwordResetEmail } from "./account-emails";
import {
  type AccountEmailDependencies,
  accountEmailDependencies,
  markEmailVerified,
} from "./email-verification";
import { bumpSessionVersion } from "./session-version";

// "Forgot password?": a link emailed to the address (32 random bytes, only the SHA-256
// stored, 1 hour, single use, void once the password changes), then a new password.

export const RESET_VALID_MS = 60 * 60 * 1000;
export const INVALID_RESET_MESSAGE =
  "This password reset link is not valid: it was used already, replaced by a newer one, or the password has changed since. Ask for a new one.";
export const EXPIRED_RESET_MESSAGE = "This password reset link has expired. Ask for a new one.";

/** No account has this id: the lookups of an address without an account use it. */
const NO_ACCOUNT = "00000000-0000-0000-0000-000000000000";

/**
 * What a link was issued under: a digest of the password hash (itself salted). Any change of
 * the password, by a reset or in Settings, changes it, which voids every older link without
 * the change having to know about links.
 */
function passwordFingerprint(passwordHash: string): string {
  return createHash("sha256").update(passwordHash).digest("hex");
}

/**
 * Emails a reset link when `email` has an account. The caller answers the same either way,
 * and this does the same work either way (the limits, one lookup, one transaction of two
 * statements; the email is queued, never awaited), so neither the answer nor its time tells
 * whether the address has an account. A new link voids the earlier ones.
 */
export async function requestPasswordReset(
  request: { email: string; ip: string | null },
  given: Partial<AccountEmailDependencies> = {},
): Promise<void> {
  const { limiter, outbox } = accountEmailDependencies(given);
  const admission = await limiter.admit("password-reset", request);
  if (!admission.allowed) {
    throw new AppError("rate_limited", tooManyAccountEmailsMessage(admission.retryAfterSeconds), {
      headers: { "Retry-After": String(admission.retryAfterSeconds) },
    });
  }
  const code = generateLinkCode();
  const tokenHash = hashLinkCode(code);
  const now = clock.now();
  const expiresAt = new Date(now.getTime() + RESET_VALID_MS);
  const user = await db.user.findUnique({
    where: { email: request.email },
    select: { id: true, email: true, passwordHash: true },
  });
  await db.$transaction(async (tx) => {
    await tx.passwordResetToken.updateMany({
      where: { userId: user?.id ?? NO_ACCOUNT, usedAt: null },
      data: { usedAt: now },
    });
    if (!user) {
      // The other path's insert, as a statement of the same weight.
      await tx.passwordResetToken.findUnique({ where: { tokenHash }, select: { id: true } });
      return;
    }
    await tx.passwordResetToken.create({
      data: {
        userId: user.id,
        tokenHash,
        passwordFingerprint: passwordFingerprint(user.passwordHash),
        expiresAt,
        createdAt: now,
      },
      select: { id: true },
    });
  });
  if (user) outbox.enqueue(passwordResetEmail(user.email, code, expiresAt), "password-reset");
}

async function usableResetLink(code: string, now: Date) {
  const link = await db.passwordResetToken.findUnique({
    where: { tokenHash: hashLinkCode(code) },
    select: {
      id: true,
      expiresAt: true,
      usedAt: true,
      passwordFingerprint: true,
      user: { select: { id: true, email: true, name: true, passwordHash: true } },
    },
  });
  if (
    !link ||
    link.usedAt ||
    link.passwordFingerprint !== passwordFingerprint(link.user.passwordHash)
  ) {
    throw new AppError("not_found", INVALID_RESET_MESSAGE);
  }
  if (link.expiresAt <= now) throw new AppError("conflict", EXPIRED_RESET_MESSAGE);
  return link;
}

/** Whether a reset link may still be used: the page shows the form, or why not. */
export async function checkPasswordResetLink(code: string): Promise<{ email: string }> {
  const link = await usableResetLink(code, clock.now());
  return { email: link.user.email };
}

/**
 * Sets a new password through a reset link. Every session of the person is ended (the
 * reset happens signed out, so there is no session of theirs to keep), an email says the
 * password was changed, and `user.password_reset` is recorded in each of their
 * organizations. The link proves the mailbox too, so the address counts as verified.
 * Returns the address, for signing in with the new password.
 */
export async function resetPassword(
  request: { code: string; password: string; ip: string | null },
  given: Partial<AccountEmailDependencies> = {},
): Promise<{ email: string }> {
  const { outbox } = accountEmailDependencies(given);
  const now = clock.now();
  const link = await usableResetLink(request.code, now);
  const { user } = link;
  const weakness = weakPasswordReason(request.password, { email: user.email, name: user.name });
  if (weakness) {
    throw new AppError("validation_error", weakness, { fieldErrors: { password: [weakness] } });
  }
  const passwordHash = await hashPassword(request.password);
  // Sessions end first: should the change below fail, the person is signed out and tries
  // again, never left with a new password and an old session still working.
  await bumpSessionVersion(user.id);
  await db.$transaction(async (tx) => {
    // The claim: single use even when two submissions race.
    const claimed = await tx.passwordResetToken.updateMany({
      where: { id: link.id, usedAt: null },
      data: { usedAt: now },
    });
    // Only over the password the link was issued under: a change in between voids it.
    const changed = await tx.user.updateMany({
      where: { id: user.id, passwordHash: user.passwordHash },
      data: { passwordHash },
    });
    if (claimed.count !== 1 || changed.count !== 1) {
      throw new AppError("not_found", INVALID_RESET_MESSAGE);
    }
    await tx.passwordResetToken.updateMany({
      where: { userId: user.id, usedAt: null },
      data: { usedAt: now },
    });
    await markEmailVerified(tx, user.id, now);
    await recordAccountEvent(tx, {
      userId: user.id,
      action: "user.password_reset",
      ip: request.ip,
    });
  });
  outbox.enqueue(passwordChangedEmail(user.email, now, request.ip), "password-changed");
  return { email: user.email };
}
