import "server-only";
import type { Principal } from "@/lib/auth/principal";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { Role } from "@/lib/generated/prisma/enums";
import { authorize } from "@/lib/services/authorize";
import { pendingInvitationWhere } from "./pending";

export interface PendingInvitation {
  id: string;
  email: string;
  role: Role;
  /** Null when the inviter's account has since been deleted. */
  invitedBy: { name: string | null; email: string } | null;
  createdAt: Date;
  expiresAt: Date;
}

/**
 * The organization's invitations that can still be accepted, newest first: for whoever may
 * see its members.
 */
export async function listPendingInvitations(
  actor: Principal,
  organizationId: string,
): Promise<PendingInvitation[]> {
  return db.$transaction(async (tx) => {
    await authorize(tx, actor, organizationId, "members:read");
    return listPending(tx, organizationId);
  });
}

function listPending(tx: Prisma.TransactionClient, organizationId: string) {
  return tx.invitation.findMany({
    where: { organizationId, ...pendingInvitationWhere() },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: {
      id: true,
      email: true,
      role: true,
      createdAt: true,
      expiresAt: true,
      invitedBy: { select: { name: true, email: true } },
    },
  });
}
