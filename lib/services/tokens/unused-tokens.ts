import "server-only";
import type { SystemPrincipal } from "@/lib/auth/principal";
import { clock } from "@/lib/clock";
import { config, mailDelivery } from "@/lib/config";
import { db } from "@/lib/db";
import { Role } from "@/lib/generated/prisma/enums";
import { isUnusedTokenPolicyDays, UNUSED_WARNING_DAYS } from "@/lib/rules/unused-token-policy";
import { revokeToken } from "./revoke-token";

// The unused-token policy's job (lib/jobs/scheduled-jobs.ts, hourly): for each organization
// with the policy on, every working token whose last request (or, never used, its creation)
// is older than the policy is revoked by the system principal, audited with reason `unused`.
// UNUSED_WARNING_DAYS before, its creator and the owners get a notification, emailed by the
// notification-emails job. A token is never revoked less than UNUSED_WARNING_DAYS after its
// warning, so turning the policy on never revokes anything without notice; a use after the
// warning voids it (the token's last use moves past it).

const DAY_MS = 24 * 60 * 60 * 1000;
const SYSTEM: SystemPrincipal = { kind: "system", reason: "unused", ip: null };

export interface UnusedTokensOutcome {
  warned: number;
  revoked: number;
}

export async function enforceUnusedTokenPolicy(now = clock.now()): Promise<UnusedTokensOutcome> {
  const organizations = await db.organization.findMany({
    where: { revokeUnusedTokensAfterDays: { not: null } },
    select: { id: true, revokeUnusedTokensAfterDays: true },
  });
  const outcome: UnusedTokensOutcome = { warned: 0, revoked: 0 };
  for (const organization of organizations) {
    const days = organization.revokeUnusedTokensAfterDays;
    if (!isUnusedTokenPolicyDays(days)) continue;
    const warnBefore = new Date(now.getTime() - (days - UNUSED_WARNING_DAYS) * DAY_MS);
    // Working tokens idle since before the warning point: last used, or never used and
    // created, then. Rotated ones are already being replaced.
    const tokens = await db.apiToken.findMany({
      where: {
        organizationId: organization.id,
        revokedAt: null,
        rotatedAt: null,
        AND: [
          { OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] },
          {
            OR: [
              { lastUsedAt: { lte: warnBefore } },
              { lastUsedAt: null, createdAt: { lte: warnBefore } },
            ],
          },
        ],
      },
      select: {
        id: true,
        createdAt: true,
        lastUsedAt: true,
        unusedWarnedAt: true,
        createdById: true,
      },
    });
    for (const token of tokens) {
      const idleSince = token.lastUsedAt ?? token.createdAt;
      const warned = token.unusedWarnedAt !== null && token.unusedWarnedAt >= idleSince;
      const deadline = idleSince.getTime() + days * DAY_MS;
      if (!warned) {
        await warnOwners(organization.id, token, days, now);
        outcome.warned++;
      } else if (
        now.getTime() >= deadline &&
        now.getTime() >= (token.unusedWarnedAt?.getTime() ?? 0) + UNUSED_WARNING_DAYS * DAY_MS
      ) {
        await revokeToken(
          { principal: SYSTEM, organizationId: organization.id },
          { tokenId: token.id, unusedDays: days },
        );
        outcome.revoked++;
      }
    }
  }
  return outcome;
}

/** The creator (while a member) and the owners: one notification each, emailed later. */
async function warnOwners(
  organizationId: string,
  token: { id: string; createdById: string | null },
  days: number,
  now: Date,
): Promise<void> {
  const members = await db.membership.findMany({
    where: {
      organizationId,
      OR: [{ role: Role.OWNER }, ...(token.createdById ? [{ userId: token.createdById }] : [])],
    },
    select: { userId: true },
  });
  const emailPending = mailDelivery(config()) !== "off";
  await db.$transaction([
    // A new warning replaces an earlier one (the token was used since), so it shows again.
    db.notification.deleteMany({ where: { tokenId: token.id, kind: "TOKEN_UNUSED" } }),
    db.notification.createMany({
      data: members.map((member) => ({
        userId: member.userId,
        tokenId: token.id,
        kind: "TOKEN_UNUSED" as const,
        thresholdDays: days,
        emailPending,
      })),
      skipDuplicates: true,
    }),
    db.apiToken.update({ where: { id: token.id }, data: { unusedWarnedAt: now } }),
  ]);
}
