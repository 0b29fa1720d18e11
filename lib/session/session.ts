import { SECURITY_SETTINGS_PATH } from "@/lib/paths";
import "server-only";
import { redirect } from "next/navigation";
import { cache } from "react";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { Plan, Role } from "@/lib/generated/prisma/enums";
import { readLiveSession } from "@/lib/services/sessions/records";
import { hasTwoFactor } from "@/lib/services/users/two-factor-status";
import { readCurrentOrganizationId } from "@/lib/session/current-organization";
import { readSessionCookie } from "@/lib/session/session-cookie";
import { chooseCurrentOrganization, type OrganizationMembership } from "./choose-organization";

export type { OrganizationMembership };

export interface SessionUser {
  id: string;
  email: string;
  name: string | null;
  /** False until the person follows the link emailed to their address (the banner says so). */
  emailVerified: boolean;
}

export interface SessionContext {
  user: SessionUser;
  /** The current organization: every dashboard page and action works on this one only. */
  organization: { id: string; name: string; plan: Plan };
  /** The user's role in the current organization. */
  role: Role;
  /** Every organization the user belongs to, oldest membership first (the header's switcher). */
  organizations: OrganizationMembership[];
  /** This browser's session (a user_sessions row): "This device" in the Sessions list. */
  sessionId: string;
  /** When the person last signed in or confirmed it's them here (sudo mode). */
  confirmedAt: Date;
  /**
   * The current organization requires two-factor authentication and the user has none:
   * nothing there is open to them but setting it up (TWO_FACTOR_SETUP_PATH), signing out
   * and switching organization.
   */
  twoFactorSetupRequired: boolean;
}

/** A signed-in user with their organizations, possibly none (removed from the last one). */
export interface SignedInUser {
  user: SessionUser;
  organizations: OrganizationMembership[];
  sessionId: string;
  confirmedAt: Date;
}

/** Where a signed-in user who belongs to no organization is sent (it offers sign-out). */
export const NO_ORGANIZATION_PATH = "/no-organization";

/**
 * The signed-in user and all their memberships, or null when signed out. The JWT alone is
 * not trusted: the session it names must still exist (signing a session out deletes it),
 * belong to the user, and the session version in the token must match the user's
 * (sign-out everywhere and password changes move it on). One round trip
 * (lib/sql/dashboard-session.ts), cached per request, so the layout, the page and
 * getSessionContext share it.
 *
 * The cookie is decoded here rather than through getServerSession, whose jwt callback
 * checks the session with a query of its own (lib/session/options.ts): one query per page,
 * and a database outage stays an error instead of looking like a signed-out visitor.
 */
export const getSignedInUser = cache(async (): Promise<SignedInUser | null> => {
  const token = (await readSessionCookie())?.token;
  const { userId, sessionId, sessionVersion } = token ?? {};
  if (!userId || !sessionId || typeof sessionVersion !== "number") return null;

  const live = await readLiveSession({ userId, sessionId, sessionVersion });
  if (!live) return null;
  return {
    user: {
      id: live.id,
      email: live.email,
      name: live.name,
      emailVerified: live.emailVerifiedAt !== null,
    },
    organizations: live.organizations,
    sessionId,
    confirmedAt: live.confirmedAt,
  };
});

/** Where a member of an organization that requires two-factor sets it up. */
export const TWO_FACTOR_SETUP_PATH = SECURITY_SETTINGS_PATH;

export const TWO_FACTOR_SETUP_REQUIRED_MESSAGE =
  "This organization requires two-factor authentication. Set it up in Settings → Security first.";

/**
 * The signed-in user in their current organization, or null when signed out or a member of
 * no organization. The current organization is the one this browser chose (the `ms_org`
 * cookie) while the user still belongs to it, else their oldest membership.
 */
export const getSessionContext = cache(async (): Promise<SessionContext | null> => {
  const signedIn = await getSignedInUser();
  if (!signedIn) return null;
  const current = chooseCurrentOrganization(
    signedIn.organizations,
    await readCurrentOrganizationId(),
  );
  if (!current) return null;

  const { role, requireTwoFactor, ...organization } = current;
  // One more query, and only in an organization with the policy.
  const twoFactorSetupRequired = requireTwoFactor && !(await hasTwoFactor(db, signedIn.user.id));
  return { ...signedIn, organization, role, twoFactorSetupRequired };
});

/**
 * For pages and layouts: the session, or a redirect, to the sign-in page when signed out,
 * or to the page that explains it when the user belongs to no organization any more.
 */
export async function requireSessionContext(
  options: { beforeTwoFactorSetup?: boolean } = {},
): Promise<SessionContext> {
  const context = await getSessionContext();
  if (context?.twoFactorSetupRequired && !options.beforeTwoFactorSetup) {
    redirect(TWO_FACTOR_SETUP_PATH);
  }
  if (context) return context;
  redirect((await getSignedInUser()) ? NO_ORGANIZATION_PATH : "/login");
}

/**
 * For server actions and session routes: the session, or an `unauthorized` AppError; a
 * `forbidden` one while the organization's two-factor policy is unmet, unless the action
 * is one of the few open before it (`beforeTwoFactorSetup`).
 */
export async function requireActionContext(
  options: { beforeTwoFactorSetup?: boolean } = {},
): Promise<SessionContext> {
  const context = await getSessionContext();
  if (!context) throw sessionEnded();
  if (context.twoFactorSetupRequired && !options.beforeTwoFactorSetup) {
    throw new AppError("forbidden", TWO_FACTOR_SETUP_REQUIRED_MESSAGE);
  }
  return context;
}

/** For actions of any signed-in person (a member or not): the person, or `unauthorized`. */
export async function requireSignedInUser(): Promise<SignedInUser> {
  const signedIn = await getSignedInUser();
  if (!signedIn) throw sessionEnded();
  return signedIn;
}

/** The refusal of a request that needs a session when there is none (or no longer one). */
export function sessionEnded(): AppError {
  return new AppError("unauthorized", "Your session has ended. Sign in again to continue.");
}
