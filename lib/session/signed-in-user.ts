import "server-only";
import { cache } from "react";
import { db } from "@/lib/db";
import { readSessionCookie } from "@/lib/session/session-cookie";

export interface SignedInUser {
  id: string;
  email: string;
  name: string | null;
}

/**
 * The signed-in user, whether or not they belong to any organization, or null when signed
 * out. For the invite page and accepting an invitation, where a user removed from their
 * only organization must still be recognised; everywhere else getSessionContext (which
 * also requires a membership) applies. Checks the session version like it.
 */
export const getSignedInUser = cache(async (): Promise<SignedInUser | null> => {
  const token = (await readSessionCookie())?.token;
  const userId = token?.userId;
  if (typeof userId !== "string" || typeof token?.sessionVersion !== "number") return null;
  const user = await db.user.findUnique({
    where: { id: userId },
    select: { id: true, email: true, name: true, sessionVersion: true },
  });
  if (!user || user.sessionVersion !== token.sessionVersion) return null;
  return { id: user.id, email: user.email, name: user.name };
});
