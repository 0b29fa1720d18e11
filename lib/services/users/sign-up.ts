import "server-only";
import { hashPassword } from "@/lib/auth/password";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import {
  type SignUpLimiter,
  signUpLimiter,
  tooManySignUpsMessage,
} from "@/lib/rate-limit/sign-up-limits";
import type { SignUpInput } from "@/lib/validations/auth";

export interface SignUpResult {
  userId: string;
  organizationId: string;
}

const DUPLICATE_EMAIL_MESSAGE = "An account with this email already exists. Sign in instead.";

function duplicateEmailError(): AppError {
  return new AppError("conflict", DUPLICATE_EMAIL_MESSAGE, {
    fieldErrors: { email: [DUPLICATE_EMAIL_MESSAGE] },
  });
}

/**
 * Creates a user, their organization on the Free plan and the owner membership, all in
 * one transaction so a failure never leaves a user without an organization.
 * Expects input already validated by signUpSchema (email trimmed and lower-cased).
 *
 * Attempts are limited per client IP (see SignUpLimiter) before anything else happens: the
 * "email already exists" answer would otherwise let a client probe for accounts, and the
 * password hash is the expensive part a flood of sign-ups would make us pay for.
 */
export async function signUp(
  input: SignUpInput,
  clientIp: string | null,
  limiter: SignUpLimiter = signUpLimiter(),
): Promise<SignUpResult> {
  if (clientIp) {
    const admission = await limiter.admit(clientIp);
    if (!admission.allowed) {
      throw new AppError("rate_limited", tooManySignUpsMessage(admission.retryAfterSeconds), {
        headers: { "Retry-After": String(admission.retryAfterSeconds) },
      });
    }
  }

  // A friendly early answer; the unique index below is what actually guarantees it.
  const existing = await db.user.findUnique({
    where: { email: input.email },
    select: { id: true },
  });
  if (existing) throw duplicateEmailError();

  // Hash outside the transaction: argon2 takes tens of milliseconds and holds no locks.
  const passwordHash = await hashPassword(input.password);

  try {
    return await db.$transaction(async (tx) => {
      const user = await tx.user.create({
        data: { email: input.email, name: input.name, passwordHash },
        select: { id: true },
      });
      const organization = await tx.organization.create({
        data: {
          name: input.organizationName,
          plan: "FREE",
          memberships: { create: { userId: user.id, role: "OWNER" } },
        },
        select: { id: true },
      });
      return { userId: user.id, organizationId: organization.id };
    });
  } catch (error) {
    // Two sign-ups with the same email racing past the check above.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      throw duplicateEmailError();
    }
    throw error;
  }
}
