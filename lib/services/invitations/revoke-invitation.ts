import "server-only";
import type { ServiceContext } from "@/lib/auth/principal";
import { clock } from "@/lib/clock";
import { db } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import { recordAuditEvent } from "@/lib/services/audit/record-audit-event";
import { authorize } from "@/lib/services/authorize";

export interface RevokeInvitationInput {
  invitationId: string;
}

/**
 * Revokes a pending invitation: its link stops working. Another organization's invitation
 * is not found, like an unknown one. Revoking twice is harmless (no second audit event);
 * an invitation already accepted is a conflict (the person is a member: remove them). The
 * principal must hold members:manage.
 */
export async function revokeInvitation(
  ctx: ServiceContext,
  input: RevokeInvitationInput,
): Promise<void> {
  const { organizationId, principal } = ctx;
  await db.$transaction(async (tx) => {
    await authorize(tx, principal, organizationId, "members:manage");
    const where = { id: input.invitationId, organizationId };
    const invitation = await tx.invitation.findFirst({
      where,
      select: { email: true, role: true },
    });
    if (!invitation) throw notFound("Invitation");

    // Conditional, like the acceptance's claim: of a revocation and an acceptance racing,
    // the row lock lets one through and the other then finds the condition false.
    const { count } = await tx.invitation.updateMany({
      where: { ...where, acceptedAt: null, revokedAt: null },
      data: { revokedAt: clock.now() },
    });
    if (count === 0) {
      const current = await tx.invitation.findFirstOrThrow({
        where,
        select: { acceptedAt: true },
      });
      if (current.acceptedAt) {
        throw new AppError(
          "conflict",
          `${invitation.email} has already accepted this invitation. Remove the member instead.`,
        );
      }
      return; // revoked already
    }

    await recordAuditEvent(tx, {
      organizationId,
      actor: principal,
      action: "member.invitation_revoked",
      targetType: "invitation",
      targetId: input.invitationId,
      metadata: { email: invitation.email, role: invitation.role },
    });
  });
}
