import "server-only";
import { db } from "@/lib/db";

/**
 * Invalidates every session of the user: JWTs carry the version they were issued with,
 * and every place that reads a session rejects one that no longer matches.
 */
export async function bumpSessionVersion(userId: string): Promise<void> {
  await db.user.update({
    where: { id: userId },
    data: { sessionVersion: { increment: 1 } },
    select: { id: true },
  });
}

/**
 * True when a session issued with `sessionVersion` is still valid for the user: the user
 * exists and has not signed out everywhere or changed the password since.
 */
export async function isSessionVersionCurrent(
  userId: string,
  sessionVersion: number,
): Promise<boolean> {
  const user = await db.user.findUnique({
    where: { id: userId },
    select: { sessionVersion: true },
  });
  return user?.sessionVersion === sessionVersion;
}
