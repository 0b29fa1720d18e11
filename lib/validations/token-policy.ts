import { z } from "zod";
import { TOKEN_LIFETIME_POLICY_DAYS } from "@/lib/auth/token-lifetime-policy";

/** The policy form's choice as submitted: "none" or a number of days. Client-safe. */
export const NO_MAXIMUM = "none";

export const tokenLifetimePolicySchema = z.object({
  maxTokenLifetimeDays: z
    .enum([NO_MAXIMUM, ...TOKEN_LIFETIME_POLICY_DAYS.map(String)], {
      error: "Choose no maximum, 30, 90 or 365 days.",
    })
    .transform((value) => (value === NO_MAXIMUM ? null : Number(value))),
});
