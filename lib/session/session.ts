import "server-only";
import { redirect } from "next/navigation";
import { cache } from "react";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { Plan, Role } from "@/lib/generated/prisma/enums";
import { readSessionCookie } from "@/lib/session/session-cookie";

export interface SessionContext {
  user: { id: string; email: string; name: string | null };
  organization: { id: string; name: string; plan: Plan };
  role: Role;
}

/**
 * The signed-in user with their organization and role, or null when signed out.
 * The JWT alone is not trusted: the user must still exist, still belong to an
 * organization, and the session version in the token must match the database (sign-out
 * and password changes bump it). Cached per request, so layout and page share one query.
 *
 * The cookie is decoded here rather than through getServerSession, whose jwt callback
 * checks the version with a query of its own (lib/session/options.ts): one query per page,
 * and a database outage stays an error instead of looking like a signed-out visitor.
 */
export const getSessionContext = cache(async (): Promise<SessionContext | null> => {
  const session = (await readSessionCookie())?.token;
  const userId = session?.userId;
  if (!userId || typeof session.sessionVersion !== "number") return null;

  const user = await db.user.findUnique({
    where: { id: userId },
    select: {
      id: true,
      email: true,
      name: true,
      sessionVersion: true,
      // Users belong to one organization today; the oldest membership is the primary one.
      memberships: {
        orderBy: { createdAt: "asc" },
        take: 1,
        select: { role: true, organization: { select: { id: true, name: true, plan: true } } },
      },
    },
  });
  if (!user || user.sessionVersion !== session.sessionVersion) return null;
  const membership = user.memberships[0];
  if (!membership) return null;

  return {
    user: { id: user.id, email: user.email, name: user.name },
    organization: membership.organization,
    role: membership.role,
  };
});

/** For pages and layouts: the session, or a redirect to the sign-in page. */
export async function requireSessionContext(): Promise<SessionContext> {
  const context = await getSessionContext();
  if (!context) redirect("/login");
  return context;
}

/** For server actions: the session, or an `unauthorized` AppError the action reports. */
export async function requireActionContext(): Promise<SessionContext> {
  const context = await getSessionContext();
  if (!context) {
    throw new AppError("unauthorized", "Your session has ended. Sign in again to continue.");
  }
  return context;
}
