"use server";

import { revalidatePath } from "next/cache";
import { planLabel } from "@/lib/plans";
import { changePlan } from "@/lib/services/organizations/change-plan";
import { changePlanSchema } from "@/lib/validations/billing";
import { defineAction } from "./define-action";

/** Switches the organization's plan (owners only; billing is simulated). */
export const changePlanAction = defineAction(
  {
    name: "billing.changePlan",
    schema: changePlanSchema,
    permission: "billing:manage",
    sudo: true,
    invalidMessage: "Choose one of the listed plans.",
    failureMessage: "The plan could not be changed. Please try again.",
  },
  async ({ input, ctx }) => {
    const result = await changePlan(ctx, input);
    // The plan shows in the header of every dashboard page and gates the token pages.
    revalidatePath("/", "layout");
    return {
      data: { plan: result.plan },
      message: result.changed
        ? `Your organization is now on the ${planLabel(result.plan)} plan.`
        : `Your organization is already on the ${planLabel(result.plan)} plan.`,
    };
  },
);
