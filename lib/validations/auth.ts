import { z } from "zod";
import { weakPasswordReason } from "@/lib/auth/password-strength";
import { invitationCodeSchema } from "@/lib/validations/invitations";
import { linkCodeSchema } from "@/lib/validations/link-code";
import { singleLineText } from "@/lib/validations/single-line-text";

export const PASSWORD_MIN_LENGTH = 12;
// Argon2 accepts any length, but unbounded input lets one request burn CPU and memory.
export const PASSWORD_MAX_LENGTH = 256;

/** Emails are compared and stored trimmed and lower-cased, so sign-in is case-insensitive. */
export const emailSchema = z
  .string({ error: "Enter your email address" })
  .trim()
  .min(1, { error: "Enter your email address" })
  .max(254, { error: "Email address is too long" })
  .pipe(z.email({ error: "Enter a valid email address, like name@example.com" }))
  .transform((email) => email.toLowerCase());

export const newPasswordSchema = z
  .string({ error: "Enter a password" })
  .min(PASSWORD_MIN_LENGTH, {
    error: `Use at least ${PASSWORD_MIN_LENGTH} characters for your password`,
  })
  .max(PASSWORD_MAX_LENGTH, {
    error: `Use at most ${PASSWORD_MAX_LENGTH} characters for your password`,
  });

export const personNameSchema = singleLineText(
  z
    .string({ error: "Enter your name" })
    .trim()
    .min(1, { error: "Enter your name" })
    .max(100, { error: "Use at most 100 characters for your name" }),
  "Your name",
);

export const organizationNameSchema = singleLineText(
  z
    .string({ error: "Enter your organization's name" })
    .trim()
    .min(1, { error: "Enter your organization's name" })
    .max(100, { error: "Use at most 100 characters for the organization name" }),
  "The organization name",
);

function refuseWeakPassword(
  input: { password: string; email: string; name: string; organizationName?: string },
  context: z.RefinementCtx,
) {
  const reason = weakPasswordReason(input.password, input);
  if (reason) context.addIssue({ code: "custom", path: ["password"], message: reason });
}

export const signUpSchema = z
  .object({
    name: personNameSchema,
    organizationName: organizationNameSchema,
    email: emailSchema,
    password: newPasswordSchema,
  })
  .superRefine(refuseWeakPassword);

export type SignUpInput = z.infer<typeof signUpSchema>;

/**
 * Signing up through an invitation: no organization of one's own (the account joins the
 * inviting one), and the email is the invited address (the form shows it read-only; the
 * service checks it against the invitation).
 */
export const invitedSignUpSchema = z
  .object({
    name: personNameSchema,
    email: emailSchema,
    password: newPasswordSchema,
    invitationCode: invitationCodeSchema,
  })
  .superRefine(refuseWeakPassword);

export type InvitedSignUpInput = z.infer<typeof invitedSignUpSchema>;

// Sign-in deliberately does not apply the new-password rules: accounts created under older
// rules must still sign in, and detailed feedback here would only help guessing.
export const signInSchema = z.object({
  email: emailSchema,
  password: z.string().min(1).max(PASSWORD_MAX_LENGTH),
});

export type SignInInput = z.infer<typeof signInSchema>;

/** Changing the password while signed in: the current one proves it is the account owner. */
export const changePasswordSchema = z
  .object({
    currentPassword: z
      .string({ error: "Enter your current password" })
      .min(1, { error: "Enter your current password" })
      .max(PASSWORD_MAX_LENGTH, { error: "Enter your current password" }),
    newPassword: newPasswordSchema,
    confirmPassword: z.string({ error: "Repeat the new password" }),
  })
  .superRefine((input, context) => {
    if (input.confirmPassword !== input.newPassword) {
      context.addIssue({
        code: "custom",
        path: ["confirmPassword"],
        message: "The passwords do not match",
      });
    }
    if (input.newPassword === input.currentPassword) {
      context.addIssue({
        code: "custom",
        path: ["newPassword"],
        message: "Choose a password different from your current one",
      });
    }
  });

export type ChangePasswordInput = z.infer<typeof changePasswordSchema>;

/** "Forgot password?": the address to send a reset link to. */
export const forgotPasswordSchema = z.object({ email: emailSchema });

export const INVALID_RESET_LINK_MESSAGE =
  "This password reset link is not valid. Ask for a new one.";

/**
 * A new password through a reset link. The strength rules that need the account (its email
 * and name in the password) are applied by the service, which knows them.
 */
export const resetPasswordSchema = z.object({
  code: linkCodeSchema(INVALID_RESET_LINK_MESSAGE),
  password: newPasswordSchema,
});

export type ResetPasswordInput = z.infer<typeof resetPasswordSchema>;
