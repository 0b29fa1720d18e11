import "server-only";
import type { Principal, ServiceContext } from "@/lib/auth/principal";
import { db } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { authorize } from "@/lib/services/authorize";
import { applyPolicyChange } from "./policy-change";

// The organization's two-factor policy. While it is on, a member without two-factor
// authentication can do nothing in the organization but set it up (lib/session/session.ts
// enforces it for pages, actions and exports).

/** Whether the organization requires two-factor authentication (members:read). */
export async function getTwoFactorPolicy(
  actor: Principal,
  organizationId: string,
): Promise<{ requireTwoFactor: boolean }> {
  return db.$transaction(async (tx) => {
    await authorize(tx, actor, organizationId, "members:read");
    const organization = await tx.organization.findUnique({
      where: { id: organizationId },
      select: { requireTwoFactor: true },
    });
    if (!organization) throw notFound("Organization");
    return organization;
  });
}

/**
 * Turns the policy on or off (security:manage, owners) and records a `policy.changed`
 * audit event; choosing the current value again records nothing.
 */
export async function setTwoFactorPolicy(
  ctx: ServiceContext,
  input: { requireTwoFactor: boolean },
): Promise<{ changed: boolean }> {
  const { organizationId, principal } = ctx;
  const { requireTwoFactor } = input;
  return db.$transaction(async (tx) => {
    await authorize(tx, principal, organizationId, "security:manage");
    const before = await tx.organization.findUnique({
      where: { id: organizationId },
      select: { requireTwoFactor: true },
    });
    if (!before) throw notFound("Organization");
    if (before.requireTwoFactor === requireTwoFactor) return { changed: false };
    await applyPolicyChange(tx, ctx, {
      column: "requireTwoFactor",
      before: before.requireTwoFactor,
      after: requireTwoFactor,
    });
    return { changed: true };
  });
}
