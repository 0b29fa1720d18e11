import "server-only";
import { db } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import { recordAuditEvent } from "@/lib/services/audit/record-audit-event";

export interface RevokeInvitationParams {
  organizationId: string;
  actorUserId: string;
  invitationId: string;
  ip: string | null;
}

/**
 * Revokes a pending invitation: its link stops working. Another organization's invitation
 * is not found, like an unknown one. Revoking twice is harmless (no second audit event);
 * an invitation already accepted is a conflict (the person is a member: remove them).
 */
export async function revokeInvitation(params: RevokeInvitationParams): Promise<void> {
  await db.$transaction(async (tx) => {
    // Locks the row, so an acceptance racing this revocation is decided one way or the other.
    const [invitation] = await tx.$queryRaw<
      { email: string; role: string; accepted_at: Date | null; revoked_at: Date | null }[]
    >`SELECT email, role::text AS role, accepted_at, revoked_at FROM invitations
      WHERE id = ${params.invitationId}::uuid AND organization_id = ${params.organizationId}::uuid
      FOR UPDATE`;
    if (!invitation) throw notFound("Invitation");
    if (invitation.accepted_at) {
      throw new AppError(
        "conflict",
        `${invitation.email} has already accepted this invitation. Remove the member instead.`,
      );
    }
    if (invitation.revoked_at) return;

    await tx.invitation.update({
      where: { id: params.invitationId },
      data: { revokedAt: new Date() },
    });
    await recordAuditEvent(tx, {
      organizationId: params.organizationId,
      actor: { kind: "user", userId: params.actorUserId },
      action: "member.invitation_revoked",
      targetType: "invitation",
      targetId: params.invitationId,
      metadata: { email: invitation.email, role: invitation.role },
      ip: params.ip,
    });
  });
}
