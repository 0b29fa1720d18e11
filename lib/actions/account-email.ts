"use server";

import { z } from "zod";
import { sendVerificationEmail } from "@/lib/services/users/email-verification";
import { requestPasswordReset, resetPassword } from "@/lib/services/users/password-reset";
import { forgotPasswordSchema, resetPasswordSchema } from "@/lib/validations/auth";
import { defineAction } from "./define-action";

/** The one answer to "Send reset link", whether or not the address has an account. */
const RESET_LINK_SENT_MESSAGE =
  "If an account uses that address, we have emailed it a link to reset the password. The link works for one hour.";

/**
 * "Forgot password?": the same answer for every address (the service does the same work
 * either way and queues the email), so the page tells nobody which addresses have accounts.
 */
export const requestPasswordResetAction = defineAction(
  {
    name: "account.requestPasswordReset",
    schema: forgotPasswordSchema,
    access: "anyone",
    failureMessage: "We could not send the reset link right now. Please try again in a moment.",
  },
  async ({ input, ip }) => {
    await requestPasswordReset({ email: input.email, ip });
    return { data: { email: input.email }, message: RESET_LINK_SENT_MESSAGE };
  },
);

/**
 * Sets a new password through a reset link; every session of the account ends. Answers the
 * account's address so the form signs in with the new password through the ordinary
 * sign-in (its limits, and any second step a sign-in asks for, apply as always).
 */
export const resetPasswordAction = defineAction(
  {
    name: "account.resetPassword",
    schema: resetPasswordSchema,
    access: "anyone",
    failureMessage: "Your password could not be changed right now. Please try again in a moment.",
  },
  async ({ input, ip }) => {
    const { email } = await resetPassword({ code: input.code, password: input.password, ip });
    return { data: { email }, message: "Password changed. Every session has been signed out." };
  },
);

/** The banner's Resend: a new verification link to the signed-in person's address. */
export const resendVerificationEmailAction = defineAction(
  {
    name: "account.resendVerificationEmail",
    schema: z.object({}),
    failureMessage: "We could not send the email right now. Please try again in a moment.",
  },
  async ({ session, ip }) => {
    const outcome = await sendVerificationEmail({ userId: session.user.id, ip });
    return {
      data: { outcome },
      message:
        outcome === "already_verified"
          ? "Your email address is already verified."
          : `We sent a new link to ${session.user.email}. It works for 24 hours.`,
    };
  },
);
