import "server-only";
import { hashPassword } from "@/lib/auth/password";
import { clock } from "@/lib/clock";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import { logger } from "@/lib/logger";
import {
  type SignUpLimiter,
  signUpLimiter,
  tooManySignUpsMessage,
} from "@/lib/rate-limit/sign-up-limits";
import {
  INVALID_INVITATION_MESSAGE,
  joinWithInvitation,
  unusableInvitationMessage,
} from "@/lib/services/invitations/accept-invitation";
import { describeInvitation } from "@/lib/services/invitations/describe-invitation";
import type { InvitedSignUpInput, SignUpInput } from "@/lib/validations/auth";
import {
  type AccountEmailDependencies,
  markEmailVerified,
  sendVerificationEmail,
} from "./email-verification";

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
 * Through an invitation (invitedSignUpSchema) the user instead joins the inviting
 * organization with the invited role, in the same transaction, and gets no organization of
 * their own: an invitation that cannot be used (expired, revoked, used, for another
 * address) creates nothing.
 *
 * Attempts are limited per client IP (see SignUpLimiter) before anything else happens: the
 * "email already exists" answer would otherwise let a client probe for accounts, and the
 * password hash is the expensive part a flood of sign-ups would make us pay for.
 *
 * The new account's address is unverified, and a verification link is emailed, unless it
 * signed up through an invitation emailed to that address (which proved the mailbox).
 */
export async function signUp(
  input: SignUpInput | InvitedSignUpInput,
  clientIp: string | null,
  limiter: SignUpLimiter = signUpLimiter(),
  emails: Partial<AccountEmailDependencies> = {},
): Promise<SignUpResult> {
  const created = await createAccount(input, clientIp, limiter);
  if (!created.verified) {
    // The account exists whatever happens here: a link that could not be made is not a
    // failed sign-up (the banner's Resend makes another).
    await sendVerificationEmail(
      { userId: created.userId, ip: clientIp, limit: false },
      emails,
    ).catch((error: unknown) => {
      logger().error({ error }, "verification email not queued at sign-up");
    });
  }
  return { userId: created.userId, organizationId: created.organizationId };
}

async function createAccount(
  input: SignUpInput | InvitedSignUpInput,
  clientIp: string | null,
  limiter: SignUpLimiter,
): Promise<SignUpResult & { verified: boolean }> {
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

  if ("invitationCode" in input) await assertInvitationFor(input);

  // Hash outside the transaction: argon2 takes tens of milliseconds and holds no locks.
  const passwordHash = await hashPassword(input.password);

  try {
    return await db.$transaction(async (tx) => {
      const user = await tx.user.create({
        data: { email: input.email, name: input.name, passwordHash },
        select: { id: true },
      });
      if ("invitationCode" in input) {
        const joined = await joinWithInvitation(tx, {
          code: input.invitationCode,
          user: { id: user.id, email: input.email },
          ip: clientIp,
        });
        if (joined.emailed) await markEmailVerified(tx, user.id, clock.now());
        return { userId: user.id, organizationId: joined.organizationId, verified: joined.emailed };
      }
      const organization = await tx.organization.create({
        data: {
          name: input.organizationName,
          plan: "FREE",
          memberships: { create: { userId: user.id, role: "OWNER" } },
        },
        select: { id: true },
      });
      return { userId: user.id, organizationId: organization.id, verified: false };
    });
  } catch (error) {
    // Two sign-ups with the same email racing past the check above.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      throw duplicateEmailError();
    }
    throw error;
  }
}

/**
 * An early, friendly refusal of an invitation that cannot be used, before the password is
 * hashed; joinWithInvitation checks again inside the transaction, which is what counts.
 */
async function assertInvitationFor(input: InvitedSignUpInput): Promise<void> {
  const invitation = await describeInvitation(input.invitationCode);
  if (invitation.status === "unknown") {
    throw new AppError("not_found", INVALID_INVITATION_MESSAGE);
  }
  if (invitation.status !== "valid") {
    throw new AppError(
      "conflict",
      unusableInvitationMessage(invitation.status, invitation.organizationName),
    );
  }
  if (invitation.email !== input.email) {
    const message = `This invitation is for ${invitation.email}. Sign up with that address.`;
    throw new AppError("forbidden", message, { fieldErrors: { email: [message] } });
  }
}
