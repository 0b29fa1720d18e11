"use server";

import { revalidatePath } from "next/cache";
import { describeTokenLifetimePolicy } from "@/lib/auth/token-lifetime-policy";
import { setTokenLifetimePolicy } from "@/lib/services/organizations/token-lifetime-policy";
import { setUnusedTokenPolicy } from "@/lib/services/organizations/unused-token-policy";
import {
  tokenLifetimePolicySchema,
  UNUSED_POLICY_INVALID_MESSAGE,
  unusedTokenPolicySchema,
} from "@/lib/validations/token-policy";
import { defineAction } from "./define-action";

/** Sets the organization's maximum token lifetime (owners only; checked again in the service). */
export const setTokenLifetimePolicyAction = defineAction(
  {
    name: "policies.setTokenLifetime",
    schema: tokenLifetimePolicySchema,
    permission: "policies:manage",
    sudo: true,
    invalidMessage: "Choose no maximum, 30, 90 or 365 days.",
    failureMessage: "Something went wrong and the token policy was not changed. Please try again.",
  },
  async ({ input, ctx }) => {
    const { policy } = await setTokenLifetimePolicy(ctx, input);
    // The list's flags and the create form's date limit follow the policy.
    revalidatePath("/settings/api-tokens", "layout");
    return {
      data: { policy },
      message:
        policy === null
          ? "Saved: tokens may last as long as you choose."
          : `Saved: new tokens must expire within ${describeTokenLifetimePolicy(policy)}.`,
    };
  },
);

/** Sets the organization's unused-token policy (owners only; checked again in the service). */
export const setUnusedTokenPolicyAction = defineAction(
  {
    name: "policies.setUnusedTokens",
    schema: unusedTokenPolicySchema,
    permission: "policies:manage",
    sudo: true,
    invalidMessage: UNUSED_POLICY_INVALID_MESSAGE,
    failureMessage: "Something went wrong and the token policy was not changed. Please try again.",
  },
  async ({ input, ctx }) => {
    const { policy } = await setUnusedTokenPolicy(ctx, input);
    revalidatePath("/settings/api-tokens", "layout");
    return {
      data: { policy },
      message:
        policy === null
          ? "Saved: unused tokens are not revoked."
          : `Saved: tokens unused for ${policy} days are revoked, with a warning 7 days before.`,
    };
  },
);
