import { z } from "zod";

/** The code that confirms an authenticator app: six digits, spaces allowed ("123 456"). */
export const confirmTotpSchema = z.object({
  code: z
    .string({ error: "Enter the 6-digit code from your app" })
    .trim()
    .min(1, { error: "Enter the 6-digit code from your app" })
    .max(16, { error: "Enter the 6-digit code from your app" })
    .refine((code) => /^\d{6}$/.test(code.replace(/\s/g, "")), {
      error: "Enter the 6 digits your app shows",
    }),
});

/** Actions that take no input (a button). */
export const noInputSchema = z.object({});

/** The organization's two-factor policy, from its switch. */
export const twoFactorPolicySchema = z.object({
  requireTwoFactor: z.enum(["on", "off"], { error: "Choose on or off" }),
});
