import "server-only";
import type { AuditAction } from "@/lib/audit/actions";
import type { ServiceContext } from "@/lib/auth/principal";
import { AppError } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { Role } from "@/lib/generated/prisma/enums";
import { recordAuditEvent } from "@/lib/services/audit/record-audit-event";
import { authorize } from "@/lib/services/authorize";
import { lockOrganizationOwners } from "@/lib/sql";
import { isUuid } from "@/lib/validations/uuid";

export const LAST_OWNER_MESSAGE =
  "An organization needs at least one owner: make someone else an owner first.";

export const MEMBER_NOT_FOUND_MESSAGE =
  "That person is not a member of this organization (they may have been removed already).";

/** The member a change is about: the services' shared input. */
export interface MemberChangeInput {
  /** The member changed or removed (their user id). */
  userId: string;
}

export interface MemberChangeTarget {
  membershipId: string;
  userId: string;
  email: string;
  role: Role;
}

/**
 * The start of every change to a membership, inside its transaction: locks the owners (see
 * lockOrganizationOwners), then authorizes the actor (after the lock, so a demotion that
 * just committed counts) and the target's membership. Throws forbidden
 * unless the actor may manage members, and not_found for a user who is not a member of this
 * organization (a member of another one included).
 */
export async function beginMemberChange(
  tx: Prisma.TransactionClient,
  ctx: ServiceContext,
  targetUserId: string,
): Promise<{ target: MemberChangeTarget; ownerIds: string[] }> {
  const { organizationId } = ctx;
  const ownerIds = await lockOrganizationOwners(tx, organizationId);
  await authorize(tx, ctx.principal, organizationId, "members:manage");

  if (!isUuid(targetUserId)) throw new AppError("not_found", MEMBER_NOT_FOUND_MESSAGE);
  const target = await tx.membership.findUnique({
    where: { organizationId_userId: { organizationId, userId: targetUserId } },
    select: { id: true, role: true, user: { select: { id: true, email: true } } },
  });
  if (!target) throw new AppError("not_found", MEMBER_NOT_FOUND_MESSAGE);
  return {
    target: {
      membershipId: target.id,
      userId: target.user.id,
      email: target.user.email,
      role: target.role,
    },
    ownerIds,
  };
}

/** Refuses a change that would leave the organization without an owner. */
export function assertAnotherOwnerRemains(target: MemberChangeTarget, ownerIds: string[]): void {
  if (target.role !== "OWNER") return;
  if (!ownerIds.some((id) => id !== target.userId)) {
    throw new AppError("conflict", LAST_OWNER_MESSAGE);
  }
}

/** Records a change to `target`'s membership, by the actor, in the change's transaction. */
export async function recordMemberEvent(
  tx: Prisma.TransactionClient,
  ctx: ServiceContext,
  event: { action: AuditAction; target: MemberChangeTarget; metadata: Prisma.InputJsonObject },
): Promise<void> {
  await recordAuditEvent(tx, {
    organizationId: ctx.organizationId,
    actor: ctx.principal,
    action: event.action,
    targetType: "user",
    targetId: event.target.userId,
    metadata: { email: event.target.email, ...event.metadata },
  });
}
