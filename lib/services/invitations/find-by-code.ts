import "server-only";
import type { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { hashInvitationCode, isWellFormedInvitationCode } from "./codes";

/**
 * The invitation a link's code opens, looked up by the code's hash, or null for an unknown
 * or malformed code (any string is accepted: links are typed and pasted by people).
 */
export async function findInvitationByCode(
  client: Prisma.TransactionClient | typeof db,
  code: unknown,
) {
  if (!isWellFormedInvitationCode(code)) return null;
  return client.invitation.findUnique({
    where: { codeHash: hashInvitationCode(code) },
    select: {
      id: true,
      email: true,
      role: true,
      expiresAt: true,
      acceptedAt: true,
      revokedAt: true,
      emailAttempted: true,
      organization: { select: { id: true, name: true, requireTwoFactor: true } },
      invitedBy: { select: { name: true, email: true } },
    },
  });
}
