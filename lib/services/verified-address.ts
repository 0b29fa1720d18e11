import "server-only";
import type { Principal } from "@/lib/auth/principal";
import { AppError } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";

// Beside authorize: a second judgement of a person, for the acts that speak in MailShield's
// name or mint credentials (inviting members, creating or rotating API tokens), which an
// account whose address nobody has proved must not do (lib/services/users/email-verification.ts).

export const UNVERIFIED_MESSAGE =
  "Verify your email address first: we sent you a link. Use Resend on the banner above for a new one.";

/**
 * Refuses a person whose address is not verified, read inside the caller's transaction.
 * Tokens and MailShield itself are not people: the API is unaffected.
 */
export async function assertEmailVerified(
  tx: Prisma.TransactionClient,
  principal: Principal,
): Promise<void> {
  if (principal.kind !== "user") return;
  const user = await tx.user.findUnique({
    where: { id: principal.userId },
    select: { emailVerifiedAt: true },
  });
  if (!user?.emailVerifiedAt) throw new AppError("forbidden", UNVERIFIED_MESSAGE);
}
