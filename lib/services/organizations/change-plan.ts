import "server-only";
import { db } from "@/lib/db";
import { notFound } from "@/lib/errors";
import type { Plan } from "@/lib/generated/prisma/enums";
import { recordAuditEvent } from "@/lib/services/audit/record-audit-event";

export interface ChangePlanInput {
  organizationId: string;
  actorId: string;
  plan: Plan;
  ip?: string | null;
}

export interface ChangePlanResult {
  previousPlan: Plan;
  plan: Plan;
  changed: boolean;
}

/**
 * Switches the organization's plan (billing is simulated: no payment is taken) and records
 * a `plan.changed` audit event in the same transaction. Choosing the current plan again
 * changes nothing and records nothing. Authorization is the caller's job.
 */
export async function changePlan(input: ChangePlanInput): Promise<ChangePlanResult> {
  return db.$transaction(async (tx) => {
    // Row lock: two owners switching at once must produce two truthful audit events.
    const rows = await tx.$queryRaw<{ plan: Plan }[]>`
      SELECT plan FROM organizations WHERE id = ${input.organizationId}::uuid FOR UPDATE`;
    const current = rows[0];
    if (!current) throw notFound("Organization");
    if (current.plan === input.plan) {
      return { previousPlan: current.plan, plan: input.plan, changed: false };
    }

    await tx.organization.update({
      where: { id: input.organizationId },
      data: { plan: input.plan },
      select: { id: true },
    });
    await recordAuditEvent(tx, {
      organizationId: input.organizationId,
      actorId: input.actorId,
      action: "plan.changed",
      targetType: "organization",
      targetId: input.organizationId,
      metadata: { changes: { plan: { before: current.plan, after: input.plan } } },
      ip: input.ip ?? null,
    });
    return { previousPlan: current.plan, plan: input.plan, changed: true };
  });
}
