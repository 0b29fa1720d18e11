import { z } from "zod";
import { UUID_PATTERN } from "@/lib/validations/uuid";

// The Sessions list's and the Confirm it's you dialog's inputs. Client-safe.

export const endSessionSchema = z.object({ sessionId: z.string().max(100) });

/** The ways of answering "Confirm it's you" (the dialog offers those the person has). */
export const CONFIRMATION_METHODS = ["password", "authentication_code", "passkey"] as const;
export type ConfirmationMethod = (typeof CONFIRMATION_METHODS)[number];

export const ENTER_PASSWORD_MESSAGE = "Enter your password";
export const ENTER_CODE_MESSAGE = "Enter the 6-digit code from your authenticator app";
const NO_PASSKEY_ANSWER_MESSAGE = "No passkey was used. Please try again.";

/**
 * What the dialog sends: the way of confirming and its answer, in the field of that way
 * (`password`, `code`, or a passkey's `challengeId` and `response` as JSON text).
 */
export const confirmIdentitySchema = z
  .object({
    method: z.enum(CONFIRMATION_METHODS).default("password"),
    password: z.string().max(1024).optional(),
    code: z.string().max(64).optional(),
    challengeId: z.string().regex(UUID_PATTERN).toLowerCase().optional(),
    response: z.string().max(32_768).optional(),
  })
  .superRefine((value, context) => {
    if (value.method === "password" && !value.password) {
      context.addIssue({ code: "custom", path: ["password"], message: ENTER_PASSWORD_MESSAGE });
    }
    if (value.method === "authentication_code" && !value.code?.trim()) {
      context.addIssue({ code: "custom", path: ["code"], message: ENTER_CODE_MESSAGE });
    }
    if (value.method === "passkey" && (!value.challengeId || !value.response)) {
      context.addIssue({ code: "custom", path: ["form"], message: NO_PASSKEY_ANSWER_MESSAGE });
    }
  });
