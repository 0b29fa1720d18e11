import "server-only";
import type { Principal } from "@/lib/auth/principal";
import { clock } from "@/lib/clock";
import { db } from "@/lib/db";
import type { Role } from "@/lib/generated/prisma/enums";
import { authorize } from "@/lib/services/authorize";
import { usersWithTwoFactor } from "@/lib/services/users/two-factor-status";
import { workingTokensWhere } from "./working-tokens";

export interface MemberSummary {
  userId: string;
  email: string;
  name: string | null;
  role: Role;
  /** When the membership was created (sign-up, or an accepted invitation). */
  joinedAt: Date;
  /**
   * Working tokens (see workingTokensWhere) this member created in this organization,
   * including those their tokens created through the API (token-maker.ts).
   */
  workingTokenCount: number;
  /** Has two-factor authentication (two-factor-status.ts). */
  twoFactor: boolean;
}

/** Owners first, then admins, then members; within a role, who joined first. */
const ROLE_ORDER: Record<Role, number> = { OWNER: 0, ADMIN: 1, MEMBER: 2 };

/**
 * Everyone in the organization with their role and the working tokens each created: for a
 * principal with members:read.
 */
export async function listMembers(
  actor: Principal,
  organizationId: string,
  now: Date = clock.now(),
): Promise<MemberSummary[]> {
  const [memberships, tokenCounts, withTwoFactor] = await db.$transaction(async (tx) => {
    await authorize(tx, actor, organizationId, "members:read", { now });
    const membershipRows = await tx.membership.findMany({
      where: { organizationId },
      orderBy: { createdAt: "asc" },
      select: {
        role: true,
        createdAt: true,
        user: { select: { id: true, email: true, name: true } },
      },
    });
    const tokenRows = await tx.apiToken.groupBy({
      by: ["createdById"],
      where: { ...workingTokensWhere(organizationId, now), createdById: { not: null } },
      _count: { _all: true },
    });
    const twoFactorIds = await usersWithTwoFactor(
      tx,
      membershipRows.map((row) => row.user.id),
    );
    return [membershipRows, tokenRows, twoFactorIds] as const;
  });
  const countByCreator = new Map(tokenCounts.map((row) => [row.createdById, row._count._all]));

  return memberships
    .map(
      (membership): MemberSummary => ({
        userId: membership.user.id,
        email: membership.user.email,
        name: membership.user.name,
        role: membership.role,
        joinedAt: membership.createdAt,
        workingTokenCount: countByCreator.get(membership.user.id) ?? 0,
        twoFactor: withTwoFactor.has(membership.user.id),
      }),
    )
    .sort((a, b) => ROLE_ORDER[a.role] - ROLE_ORDER[b.role]);
}
