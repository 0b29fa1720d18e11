import "server-only";
import { db } from "@/lib/db";
import type { Role } from "@/lib/generated/prisma/enums";
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

/** The organization's invitations that can still be accepted, newest first. */
export async function listPendingInvitations(organizationId: string): Promise<PendingInvitation[]> {
  return db.invitation.findMany({
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
