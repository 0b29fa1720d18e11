import "server-only";
import type { ServiceContext } from "@/lib/auth/principal";
import { db } from "@/lib/db";
import type { Role } from "@/lib/generated/prisma/enums";
import {
  assertAnotherOwnerRemains,
  beginMemberChange,
  type MemberChangeInput,
  recordMemberEvent,
} from "./member-change";

export interface ChangeMemberRoleInput extends MemberChangeInput {
  role: Role;
}

export interface ChangeMemberRoleResult {
  email: string;
  before: Role;
  after: Role;
  /** False when the member already had the role: nothing was written, nor audited. */
  changed: boolean;
}

/**
 * Gives a member another role. The last owner cannot be demoted (an owner may demote
 * themselves while another owner remains); the check and the update run under the owners'
 * lock, so two owners demoting each other at once leave one owner, not none.
 */
export async function changeMemberRole(
  ctx: ServiceContext,
  input: ChangeMemberRoleInput,
): Promise<ChangeMemberRoleResult> {
  const { role } = input;
  return db.$transaction(async (tx) => {
    const { target, ownerIds } = await beginMemberChange(tx, ctx, input.userId);
    const result = { email: target.email, before: target.role, after: role };
    if (target.role === role) return { ...result, changed: false };
    if (role !== "OWNER") assertAnotherOwnerRemains(target, ownerIds);

    await tx.membership.update({ where: { id: target.membershipId }, data: { role } });
    await recordMemberEvent(tx, ctx, {
      action: "member.role_changed",
      target,
      metadata: { changes: { role: { before: target.role, after: role } } },
    });
    return { ...result, changed: true };
  });
}
