"use server";

import { revalidatePath } from "next/cache";
import { getRequestIp } from "@/lib/auth/request-ip";
import { requireActionContext } from "@/lib/auth/session";
import { isAppError } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { assertCan } from "@/lib/permissions";
import { planLabel } from "@/lib/plans";
import { changePlan } from "@/lib/services/organizations/change-plan";
import { changePlanSchema } from "@/lib/validations/billing";

export type ChangePlanActionResult = { ok: true; message: string } | { ok: false; message: string };

export async function changePlanAction(plan: string): Promise<ChangePlanActionResult> {
  try {
    const context = await requireActionContext();
    assertCan(context.role, "billing:manage");
    const parsed = changePlanSchema.safeParse({ plan });
    if (!parsed.success) return { ok: false, message: "Choose one of the listed plans." };

    const result = await changePlan({
      organizationId: context.organization.id,
      actorId: context.user.id,
      plan: parsed.data.plan,
      ip: await getRequestIp(),
    });
    // The plan shows in the header of every dashboard page and gates the token pages.
    revalidatePath("/", "layout");
    return {
      ok: true,
      message: result.changed
        ? `Your organization is now on the ${planLabel(result.plan)} plan.`
        : `Your organization is already on the ${planLabel(result.plan)} plan.`,
    };
  } catch (error) {
    if (isAppError(error)) return { ok: false, message: error.message };
    logger().error({ error }, "plan change failed");
    return { ok: false, message: "The plan could not be changed. Please try again." };
  }
}
