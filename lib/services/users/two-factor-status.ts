import "server-only";
import type { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";

type Client = Prisma.TransactionClient | typeof db;

// THE answer to "does this person have two-factor authentication?", used by sign-in (a
// second step or not), the organization policy (sent to set it up or not) and the Members
// page. A second factor is a confirmed authenticator app or a passkey: like GitHub, a
// passkey alone turns the second step on (docs/security.md, "A passkey as the second
// factor"). Recovery codes are not a factor of their own: they stand in for one.

/** The second factors a person has, for the sign-in step and Confirm it's you to offer. */
export interface SecondFactorMethods {
  totp: boolean;
  passkey: boolean;
}

/** Which second factors `userId` has (one query). */
export async function secondFactorMethods(
  client: Client,
  userId: string,
): Promise<SecondFactorMethods> {
  const user = await client.user.findUnique({
    where: { id: userId },
    select: {
      totpCredential: { select: { confirmedAt: true } },
      _count: { select: { passkeys: true } },
    },
  });
  return {
    totp: Boolean(user?.totpCredential?.confirmedAt),
    passkey: (user?._count.passkeys ?? 0) > 0,
  };
}

/** Which of `userIds` have a second factor. One query whatever their number. */
export async function usersWithTwoFactor(
  client: Client,
  userIds: readonly string[],
): Promise<Set<string>> {
  if (userIds.length === 0) return new Set();
  const rows = await client.user.findMany({
    where: {
      id: { in: [...userIds] },
      OR: [{ totpCredential: { is: { confirmedAt: { not: null } } } }, { passkeys: { some: {} } }],
    },
    select: { id: true },
  });
  return new Set(rows.map((row) => row.id));
}

export async function hasTwoFactor(client: Client, userId: string): Promise<boolean> {
  return (await usersWithTwoFactor(client, [userId])).has(userId);
}
