import { z } from "zod";

// The Sessions list's and the Confirm it's you dialog's inputs. Client-safe.

export const endSessionSchema = z.object({ sessionId: z.string().max(100) });

export const ENTER_PASSWORD_MESSAGE = "Enter your password";

/**
 * What the dialog sends: the way of confirming and its answer. Password now; an
 * authentication code and a passkey's response arrive the same way (`code`, `response`).
 */
export const confirmIdentitySchema = z
  .object({
    method: z.enum(["password", "authentication_code", "passkey"]).default("password"),
    password: z.string().max(1024).optional(),
    code: z.string().max(64).optional(),
    response: z.string().max(16_384).optional(),
  })
  .superRefine((value, context) => {
    if (value.method === "password" && !value.password) {
      context.addIssue({ code: "custom", path: ["password"], message: ENTER_PASSWORD_MESSAGE });
    }
  });
