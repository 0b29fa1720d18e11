import "server-only";
import type { ServiceContext } from "@/lib/auth/principal";
import { db } from "@/lib/db";
import { notFound } from "@/lib/errors";
import type { Plan } from "@/lib/generated/prisma/enums";
import { recordAuditEvent } from "@/lib/services/audit/record-audit-event";
import { authorize } from "@/lib/services/authorize";

export interface ChangePlanInput {
  plan: Plan;
}

export interface ChangePlanResult {
  previousPlan: Plan;
  plan: Plan;
  changed: boolean;
}

/**
 * Switches the organization's plan (billing is simulated: no payment is taken) and records
 * a `plan.changed` audit event in the same transaction. Choosing the current plan again
 * changes nothing and records nothing. Only a principal holding billing:manage may, judged
 * inside the transaction.
 */
export async function changePlan(
  ctx: ServiceContext,
  input: ChangePlanInput,
): Promise<ChangePlanResult> {
  return db.$transaction(async (tx) => {
    await authorize(tx, ctx.principal, ctx.organizationId, "billing:manage");
    const where = { id: ctx.organizationId };
    for (;;) {
      const current = await tx.organization.findUnique({ where, select: { plan: true } });
      if (!current) throw notFound("Organization");
      if (current.plan === input.plan) {
        return { previousPlan: current.plan, plan: input.plan, changed: false };
      }
      // Compare-and-set: the plan changes only if it is still the one just read, and the
      // update's row lock makes a concurrent change wait. When another owner's change
      // committed in between, nothing matches and the next turn reads the plan it left,
      // so two owners switching at once produce two truthful audit events.
      const { count } = await tx.organization.updateMany({
        where: { ...where, plan: current.plan },
        data: { plan: input.plan },
      });
      if (count === 0) continue;

      await recordAuditEvent(tx, {
        organizationId: ctx.organizationId,
        actor: ctx.principal,
        action: "plan.changed",
        targetType: "organization",
        targetId: ctx.organizationId,
        metadata: { changes: { plan: { before: current.plan, after: input.plan } } },
      });
      return { previousPlan: current.plan, plan: input.plan, changed: true };
    }
  });
}
