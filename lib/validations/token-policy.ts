import { z } from "zod";
import { TOKEN_LIFETIME_POLICY_DAYS } from "@/lib/auth/token-lifetime-policy";
import { UNUSED_TOKEN_POLICY_DAYS } from "@/lib/rules/unused-token-policy";

/** The policy form's choice as submitted: "none" or a number of days. Client-safe. */
export const NO_MAXIMUM = "none";

export const tokenLifetimePolicySchema = z.object({
  maxTokenLifetimeDays: z
    .enum([NO_MAXIMUM, ...TOKEN_LIFETIME_POLICY_DAYS.map(String)], {
      error: "Choose no maximum, 30, 90 or 365 days.",
    })
    .transform((value) => (value === NO_MAXIMUM ? null : Number(value))),
});

/** The unused-token policy form's choice: "off" or a number of days. */
export const UNUSED_POLICY_OFF = "off";

export const UNUSED_POLICY_INVALID_MESSAGE = "Choose off, 30, 90, 180 or 365 days.";

export const unusedTokenPolicySchema = z.object({
  revokeUnusedTokensAfterDays: z
    .enum([UNUSED_POLICY_OFF, ...UNUSED_TOKEN_POLICY_DAYS.map(String)], {
      error: UNUSED_POLICY_INVALID_MESSAGE,
    })
    .transform((value) => (value === UNUSED_POLICY_OFF ? null : Number(value))),
});
