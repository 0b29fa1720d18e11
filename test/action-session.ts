import { AppError } from "@/lib/errors";
import type { SessionContext, SignedInUser } from "@/lib/session/session";

// Stands in for the session module in server-action tests, where there is no request and so
// no cookie: a test sets `actionSession.current` to sign in. Replace the module with
//   vi.mock("@/lib/session/session", () => import("@/test/action-session"));

export const actionSession = {
  current: null as SessionContext | null,
  reads: 0,
  /** A signed-in user who may belong to no organization (accepting an invitation). */
  signedInUser: null as SessionContext["user"] | null,
};

export async function getSignedInUser(): Promise<SignedInUser | null> {
  const { current, signedInUser } = actionSession;
  const session = { sessionId: "00000000-0000-4000-8000-000000000000", confirmedAt: new Date() };
  if (signedInUser) return { user: signedInUser, organizations: [], ...session };
  if (!current) return null;
  const { user, organizations, sessionId, confirmedAt } = current;
  return { user, organizations, sessionId, confirmedAt };
}

export async function requireSignedInUser(): Promise<SignedInUser> {
  actionSession.reads += 1;
  const signedIn = await getSignedInUser();
  if (!signedIn) {
    throw new AppError("unauthorized", "Your session has ended. Sign in again to continue.");
  }
  return signedIn;
}

export async function requireActionContext(
  options: { beforeTwoFactorSetup?: boolean } = {},
): Promise<SessionContext> {
  actionSession.reads += 1;
  if (!actionSession.current) {
    throw new AppError("unauthorized", "Your session has ended. Sign in again to continue.");
  }
  // As the real module: an organization's unmet two-factor policy closes all but a few actions.
  if (actionSession.current.twoFactorSetupRequired && !options.beforeTwoFactorSetup) {
    throw new AppError("forbidden", "This organization requires two-factor authentication.");
  }
  return actionSession.current;
}
