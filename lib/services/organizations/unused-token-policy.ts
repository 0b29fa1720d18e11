import "server-only";
import type { Principal, ServiceContext } from "@/lib/auth/principal";
import { db } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import { isUnusedTokenPolicyDays, type UnusedTokenPolicy } from "@/lib/rules/unused-token-policy";
import { authorize, authorizeRead } from "@/lib/services/authorize";
import { UNUSED_POLICY_INVALID_MESSAGE } from "@/lib/validations/token-policy";
import { applyPolicyChange } from "./policy-change";

// The organization's unused-token policy (rules: lib/rules/unused-token-policy.ts; the job:
// lib/services/tokens/unused-tokens.ts). Owners set it beside the lifetime policy.

export async function getUnusedTokenPolicy(
  actor: Principal,
  organizationId: string,
): Promise<UnusedTokenPolicy> {
  await authorizeRead(actor, organizationId, "tokens:read");
  const organization = await db.organization.findUnique({
    where: { id: organizationId },
    select: { revokeUnusedTokensAfterDays: true },
  });
  if (!organization) throw notFound("Organization");
  const days = organization.revokeUnusedTokensAfterDays;
  return isUnusedTokenPolicyDays(days) ? days : null;
}

/**
 * Sets the policy (policies:manage, authorized in the transaction) and records a
 * `policy.changed` audit event; choosing the current value again records nothing.
 */
export async function setUnusedTokenPolicy(
  ctx: ServiceContext,
  input: { revokeUnusedTokensAfterDays: number | null },
): Promise<{ policy: UnusedTokenPolicy; changed: boolean }> {
  const { organizationId } = ctx;
  const after = input.revokeUnusedTokensAfterDays;
  if (after !== null && !isUnusedTokenPolicyDays(after)) {
    throw new AppError("validation_error", UNUSED_POLICY_INVALID_MESSAGE, {
      fieldErrors: { revokeUnusedTokensAfterDays: [UNUSED_POLICY_INVALID_MESSAGE] },
    });
  }
  return db.$transaction(async (tx) => {
    await authorize(tx, ctx.principal, organizationId, "policies:manage");
    const organization = await tx.organization.findUnique({
      where: { id: organizationId },
      select: { revokeUnusedTokensAfterDays: true },
    });
    if (!organization) throw notFound("Organization");
    const before = organization.revokeUnusedTokensAfterDays;
    if (before === after) return { policy: after, changed: false };
    await applyPolicyChange(tx, ctx, { column: "revokeUnusedTokensAfterDays", before, after });
    return { policy: after, changed: true };
  });
}
