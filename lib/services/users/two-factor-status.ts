import "server-only";
import type { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";

type Client = Prisma.TransactionClient | typeof db;

// THE answer to "does this person have two-factor authentication?", used by sign-in (a
// second step or not), the organization policy (sent to set it up or not) and the Members
// page. A second factor is a confirmed authenticator app; passkeys join here.

/** Which of `userIds` have a second factor. One query whatever their number. */
export async function usersWithTwoFactor(
  client: Client,
  userIds: readonly string[],
): Promise<Set<string>> {
  if (userIds.length === 0) return new Set();
  const rows = await client.totpCredential.findMany({
    where: { userId: { in: [...userIds] }, confirmedAt: { not: null } },
    select: { userId: true },
  });
  return new Set(rows.map((row) => row.userId));
}

export async function hasTwoFactor(client: Client, userId: string): Promise<boolean> {
  return (await usersWithTwoFactor(client, [userId])).has(userId);
}
