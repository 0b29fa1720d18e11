"use server";

import { cookies } from "next/headers";
import { z } from "zod";
import {
  DISMISSED_ATTENTION_COOKIE,
  DISMISSED_ATTENTION_PATH,
  dismissalCookieValue,
} from "@/lib/rules/insight-attention";
import { defineAction } from "./define-action";

// A cause is a fingerprint (attentionCauses); a notice lists a few per token.
const dismissAttentionSchema = z.object({
  causes: z
    .array(z.string().regex(/^[0-9a-z]{1,7}$/))
    .min(1)
    .max(300),
});

const ONE_YEAR_SECONDS = 365 * 24 * 60 * 60;

/**
 * Hides the "Tokens that need attention" notice for this user until a cause it did not
 * cover appears. Remembered in this browser only (a cookie): a preference, not data.
 */
export const dismissTokenAttentionAction = defineAction(
  {
    name: "insights.dismiss",
    schema: dismissAttentionSchema,
    failureMessage: "We could not hide this notice. Please try again.",
  },
  async ({ input, session }) => {
    (await cookies()).set(
      DISMISSED_ATTENTION_COOKIE,
      dismissalCookieValue(session.user.id, input.causes),
      {
        httpOnly: true,
        sameSite: "lax",
        path: DISMISSED_ATTENTION_PATH,
        maxAge: ONE_YEAR_SECONDS,
      },
    );
    return { data: null };
  },
);
