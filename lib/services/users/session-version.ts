import { db } from "@/lib/db";

/**
 * Invalidates every session of the user: JWTs carry the version they were issued with,
 * and getSessionContext rejects any that no longer matches.
 */
export async function bumpSessionVersion(userId: string): Promise<void> {
  await db.user.update({
    where: { id: userId },
    data: { sessionVersion: { increment: 1 } },
    select: { id: true },
  });
}
