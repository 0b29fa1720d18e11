import "server-only";
import type { ServiceContext } from "@/lib/auth/principal";
import type { Prisma } from "@/lib/generated/prisma/client";
import { recordAuditEvent } from "@/lib/services/audit/record-audit-event";

/** One organization policy column and its value before and after a change. */
type PolicyChange =
  | { column: "maxTokenLifetimeDays"; before: number | null; after: number | null }
  | { column: "revokeUnusedTokensAfterDays"; before: number | null; after: number | null }
  | { column: "requireTwoFactor"; before: boolean; after: boolean };

/**
 * Writes an organization policy's new value and its `policy.changed` audit event, in the
 * caller's transaction (which has authorized the change and read the old value). Every
 * policy setter ends here, so each is audited the same way.
 */
export async function applyPolicyChange(
  tx: Prisma.TransactionClient,
  ctx: ServiceContext,
  { column, before, after }: PolicyChange,
): Promise<void> {
  const { organizationId, principal } = ctx;
  await tx.organization.update({
    where: { id: organizationId },
    data: { [column]: after } as Prisma.OrganizationUpdateInput,
  });
  await recordAuditEvent(tx, {
    organizationId,
    actor: principal,
    action: "policy.changed",
    targetType: "organization",
    targetId: organizationId,
    metadata: { changes: { [column]: { before, after } } },
  });
}
