import "server-only";
import { db } from "@/lib/db";

/**
 * Ends every session of the user: their rows (lib/services/sessions/records.ts) are deleted
 * and the version every session JWT carries moves on, so each browser is refused at its
 * next request, whichever check it meets first.
 */
export async function bumpSessionVersion(userId: string): Promise<void> {
  await db.$transaction([
    db.userSession.deleteMany({ where: { userId } }),
    db.user.update({
      where: { id: userId },
      data: { sessionVersion: { increment: 1 } },
      select: { id: true },
    }),
  ]);
}
