import "server-only";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import type { Role } from "@/lib/generated/prisma/enums";
import { recordAuditEvent } from "@/lib/services/audit/record-audit-event";
import { INVITATION_VALID_DAYS } from "@/lib/validations/invitations";
import { generateInvitationCode, hashInvitationCode, invitationPath } from "./codes";
import { pendingInvitationWhere } from "./pending";

const DAY_MS = 24 * 60 * 60 * 1000;

export interface CreateInvitationParams {
  organizationId: string;
  actorUserId: string;
  /** Trimmed and lower-cased here too, whatever the caller did. */
  email: string;
  role: Role;
  ip: string | null;
}

export interface CreatedInvitation {
  invitation: {
    id: string;
    email: string;
    role: Role;
    expiresAt: Date;
    organizationName: string;
    invitedBy: { name: string | null; email: string };
  };
  /** The secret part of the link: returned once, never stored (only its hash is). */
  code: string;
  /** `/invite/<code>`: the page the invitee opens. */
  inviteUrlPath: string;
}

/**
 * Runs `work` in a SERIALIZABLE transaction, once more if PostgreSQL aborted it for a
 * concurrent one. That is what keeps one pending invitation per address: two owners
 * pressing Invite at once both find none and insert, and PostgreSQL aborts one of them;
 * its second attempt then sees the other's invitation and refuses. (No unique index can
 * say it: accepted, revoked and expired invitations stay as history.)
 */
async function serializable<T>(work: (tx: Prisma.TransactionClient) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await db.$transaction(work, { isolationLevel: "Serializable" });
    } catch (error) {
      const conflict =
        error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2034";
      if (!conflict || attempt >= 3) throw error;
    }
  }
}

function emailRefused(message: string): AppError {
  return new AppError("conflict", message, { fieldErrors: { email: [message] } });
}

/**
 * Invites `email` to join the organization with `role`, valid 7 days. Refused when the
 * address already belongs to a member, or already has a pending invitation (the owner
 * revokes that one to send a new link). Records `member.invited` in the same transaction.
 */
export async function createInvitation(params: CreateInvitationParams): Promise<CreatedInvitation> {
  const email = params.email.trim().toLowerCase();
  const code = generateInvitationCode();

  const invitation = await serializable(async (tx) => {
    const member = await tx.membership.findFirst({
      where: { organizationId: params.organizationId, user: { email } },
      select: { id: true },
    });
    if (member) throw emailRefused(`${email} is already a member of this organization.`);

    const pending = await tx.invitation.findFirst({
      where: { organizationId: params.organizationId, email, ...pendingInvitationWhere() },
      select: { id: true },
    });
    if (pending) {
      throw emailRefused(`${email} already has a pending invitation. Revoke it to send a new one.`);
    }

    const created = await tx.invitation.create({
      data: {
        organizationId: params.organizationId,
        email,
        role: params.role,
        codeHash: hashInvitationCode(code),
        invitedById: params.actorUserId,
        expiresAt: new Date(Date.now() + INVITATION_VALID_DAYS * DAY_MS),
      },
      select: {
        id: true,
        email: true,
        role: true,
        expiresAt: true,
        organization: { select: { name: true } },
        invitedBy: { select: { name: true, email: true } },
      },
    });
    await recordAuditEvent(tx, {
      organizationId: params.organizationId,
      actor: { kind: "user", userId: params.actorUserId },
      action: "member.invited",
      targetType: "invitation",
      targetId: created.id,
      metadata: { email, role: params.role },
      ip: params.ip,
    });
    return created;
  });

  const { organization, invitedBy, ...rest } = invitation;
  return {
    invitation: {
      ...rest,
      organizationName: organization.name,
      invitedBy: invitedBy ?? { name: null, email: "" },
    },
    code,
    inviteUrlPath: invitationPath(code),
  };
}
