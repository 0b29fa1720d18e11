import "server-only";
import type { Principal, ServiceContext } from "@/lib/auth/principal";
import {
  exceedsLifetimePolicy,
  isTokenLifetimePolicyDays,
  type LifetimePolicyReport,
  lifetimePolicyViolation,
  type TokenLifetimePolicy,
} from "@/lib/auth/token-lifetime-policy";
import { clock } from "@/lib/clock";
import { db } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import { authorize } from "@/lib/services/authorize";
import { lockOrganizationTokens } from "@/lib/sql";
import { applyPolicyChange } from "./policy-change";

// The organization's maximum token lifetime (rules: lib/auth/token-lifetime-policy.ts).
// Owners set it; the token services call assertWithinLifetimePolicy inside their
// transaction, after lockOrganizationTokens, which setting the policy takes too: a token
// created while the policy changes is judged by the one in force when it commits.

export const LIFETIME_POLICY_INVALID_MESSAGE = "Choose no maximum, 30, 90 or 365 days.";

/**
 * The organization's policy: null when it has none. Read inside the caller's transaction
 * (a token service's, after the token lock), where the caller authorized.
 */
export async function getTokenLifetimePolicy(
  organizationId: string,
  client: Prisma.TransactionClient,
): Promise<TokenLifetimePolicy> {
  const organization = await client.organization.findUnique({
    where: { id: organizationId },
    select: { maxTokenLifetimeDays: true },
  });
  if (!organization) throw notFound("Organization");
  const days = organization.maxTokenLifetimeDays;
  return isTokenLifetimePolicyDays(days) ? days : null;
}

export interface TokenLifetimePolicyInput {
  /** Days; null removes the limit. Anything but null, 30, 90 or 365 is refused. */
  maxTokenLifetimeDays: number | null;
}

/**
 * Sets the maximum lifetime of new tokens (policies:manage, authorized in the transaction) and records
 * a `policy.changed` audit event. Choosing the current value again records nothing. Tokens
 * that already last longer keep working; the tokens list flags them.
 */
export async function setTokenLifetimePolicy(
  ctx: ServiceContext,
  input: TokenLifetimePolicyInput,
): Promise<{ policy: TokenLifetimePolicy; changed: boolean }> {
  const { organizationId } = ctx;
  const maxLifetimeDays = input.maxTokenLifetimeDays;
  if (maxLifetimeDays !== null && !isTokenLifetimePolicyDays(maxLifetimeDays)) {
    throw new AppError("validation_error", LIFETIME_POLICY_INVALID_MESSAGE, {
      fieldErrors: { maxTokenLifetimeDays: [LIFETIME_POLICY_INVALID_MESSAGE] },
    });
  }
  return db.$transaction(async (tx) => {
    await authorize(tx, ctx.principal, organizationId, "policies:manage");

    await lockOrganizationTokens(tx, organizationId);
    const before = await getTokenLifetimePolicy(organizationId, tx);
    if (before === maxLifetimeDays) return { policy: before, changed: false };

    await applyPolicyChange(tx, ctx, {
      column: "maxTokenLifetimeDays",
      before,
      after: maxLifetimeDays,
    });
    return { policy: maxLifetimeDays, changed: true };
  });
}

/**
 * Throws a field error on `expiresOn` naming the policy when a new or changed
 * expiration date (YYYY-MM-DD, null = never) lasts longer than it allows.
 */
export async function assertWithinLifetimePolicy(
  tx: Prisma.TransactionClient,
  params: { organizationId: string; expiresOn: string | null; now: Date },
): Promise<void> {
  const policy = await getTokenLifetimePolicy(params.organizationId, tx);
  const violation = lifetimePolicyViolation(params.expiresOn, policy, params.now);
  if (violation) {
    throw new AppError("validation_error", violation, {
      fieldErrors: { expiresOn: [violation] },
    });
  }
}

/**
 * The policy and the working tokens that last longer than it now allows a new token: the
 * ones made before it, flagged on the tokens list and their pages (tokens:read).
 */
export async function lifetimePolicyReport(
  actor: Principal,
  organizationId: string,
  now: Date = clock.now(),
): Promise<LifetimePolicyReport> {
  return db.$transaction(async (tx) => {
    await authorize(tx, actor, organizationId, "tokens:read", { now });
    return readLifetimePolicyReport(tx, organizationId, now);
  });
}

async function readLifetimePolicyReport(
  tx: Prisma.TransactionClient,
  organizationId: string,
  now: Date,
): Promise<LifetimePolicyReport> {
  const policy = await getTokenLifetimePolicy(organizationId, tx);
  if (policy === null) return { policy, tokenIdsBeyond: [] };
  const rows = await tx.apiToken.findMany({
    // Tokens something can be done about: a rotated token is read-only and already replaced.
    where: {
      organizationId,
      revokedAt: null,
      rotatedAt: null,
      OR: [{ expiresAt: null }, { expiresAt: { gt: now } }],
    },
    select: { id: true, expiresAt: true },
    orderBy: { createdAt: "asc" },
  });
  const beyond = rows.filter((row) => exceedsLifetimePolicy(row.expiresAt, policy, now));
  return { policy, tokenIdsBeyond: beyond.map((row) => row.id) };
}
