import "server-only";
import { generateLinkCode, hashLinkCode } from "@/lib/auth/link-code";
import { clock } from "@/lib/clock";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import {
  type AccountEmailLimiter,
  accountEmailLimiter,
  tooManyAccountEmailsMessage,
} from "@/lib/rate-limit/account-email-limits";
import { recordAccountEvent } from "@/lib/services/audit/record-audit-event";
import { type Outbox, outbox } from "@/lib/services/mail/outbox";
import { verificationEmail } from "./account-emails";

// Verifying the address of an account: a link emailed at sign-up (and on Resend), single
// use, 24 hours, only its hash stored. Until verified, the account cannot invite members
// or create API tokens (assertEmailVerified, lib/services/verified-address.ts), so an
// address nobody controls cannot send invitations or hold credentials in MailShield's name.

export const VERIFICATION_VALID_MS = 24 * 60 * 60 * 1000;

export const INVALID_VERIFICATION_MESSAGE =
  "This verification link is not valid. Sign in and use Resend for a new one.";
export const EXPIRED_VERIFICATION_MESSAGE =
  "This verification link has expired. Sign in and use Resend for a new one.";

export interface AccountEmailDependencies {
  limiter: AccountEmailLimiter;
  outbox: Outbox;
}

/** The process's limiter and outbox, unless a test gives its own. */
export function accountEmailDependencies(
  given: Partial<AccountEmailDependencies>,
): AccountEmailDependencies {
  return { limiter: given.limiter ?? accountEmailLimiter(), outbox: given.outbox ?? outbox() };
}

/**
 * Creates a verification link for the account's current address and queues its email.
 * Returns "already_verified" (nothing sent) for a verified account. Sign-up calls it for a
 * new account; Resend calls it again, limited per address and per IP.
 */
export async function sendVerificationEmail(
  request: { userId: string; ip: string | null; limit?: boolean },
  given: Partial<AccountEmailDependencies> = {},
): Promise<"queued" | "already_verified"> {
  const { limiter, outbox } = accountEmailDependencies(given);
  const user = await db.user.findUniqueOrThrow({
    where: { id: request.userId },
    select: { email: true, emailVerifiedAt: true },
  });
  if (user.emailVerifiedAt) return "already_verified";
  if (request.limit !== false) {
    const admission = await limiter.admit("verification", { email: user.email, ip: request.ip });
    if (!admission.allowed) {
      throw new AppError("rate_limited", tooManyAccountEmailsMessage(admission.retryAfterSeconds), {
        headers: { "Retry-After": String(admission.retryAfterSeconds) },
      });
    }
  }
  const code = generateLinkCode();
  const now = clock.now();
  const expiresAt = new Date(now.getTime() + VERIFICATION_VALID_MS);
  await db.emailVerificationToken.create({
    data: {
      userId: request.userId,
      email: user.email,
      tokenHash: hashLinkCode(code),
      expiresAt,
      createdAt: now,
    },
    select: { id: true },
  });
  outbox.enqueue(verificationEmail(user.email, code, expiresAt), "verification");
  return "queued";
}

/**
 * Verifies the address a link was sent to. Single use even when two requests race (one
 * conditional UPDATE claims the link); a link for an address the account no longer has,
 * an expired or used one, is refused. Verifying an already verified account is not an
 * error (a person may click the link twice): it answers "already_verified".
 */
export async function verifyEmail(
  code: string,
  ip: string | null,
): Promise<"verified" | "already_verified"> {
  const now = clock.now();
  return db.$transaction(async (tx) => {
    const link = await tx.emailVerificationToken.findUnique({
      where: { tokenHash: hashLinkCode(code) },
      select: {
        id: true,
        email: true,
        expiresAt: true,
        usedAt: true,
        user: { select: { id: true, email: true, emailVerifiedAt: true } },
      },
    });
    if (!link || link.user.email !== link.email) {
      throw new AppError("not_found", INVALID_VERIFICATION_MESSAGE);
    }
    if (link.user.emailVerifiedAt) return "already_verified";
    if (link.usedAt) throw new AppError("not_found", INVALID_VERIFICATION_MESSAGE);
    if (link.expiresAt <= now) throw new AppError("conflict", EXPIRED_VERIFICATION_MESSAGE);
    const { count } = await tx.emailVerificationToken.updateMany({
      where: { id: link.id, usedAt: null },
      data: { usedAt: now },
    });
    if (count !== 1) throw new AppError("not_found", INVALID_VERIFICATION_MESSAGE);
    await markEmailVerified(tx, link.user.id, now);
    await recordAccountEvent(tx, { userId: link.user.id, action: "user.email_verified", ip });
    return "verified";
  });
}

/** Records that the person receives mail at their address (kept if set already). */
export async function markEmailVerified(
  tx: Prisma.TransactionClient,
  userId: string,
  now: Date,
): Promise<void> {
  await tx.user.updateMany({
    where: { id: userId, emailVerifiedAt: null },
    data: { emailVerifiedAt: now },
  });
}
