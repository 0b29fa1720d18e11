import { startSession } from "@/lib/services/sessions/records";
import type { SessionCookie } from "@/lib/session/session-cookie";

// Stands in for the request's cookies in tests of the real session module (which reads the
// database): the decoded next-auth session and the organization this browser chose
// (`ms_org`). A test sets `signedInRequest` and replaces both modules with this one:
//   vi.mock("@/lib/session/session-cookie", () => import("@/test/signed-in-request"));
//   vi.mock("@/lib/session/current-organization", () => import("@/test/signed-in-request"));

export const signedInRequest = {
  token: null as { userId: string; sessionVersion: number; sessionId: string } | null,
  chosenOrganizationId: null as string | null,
};

/** The token of a new session of `user` (a real user_sessions row), as after signing in. */
export async function sessionTokenFor(user: { id: string; sessionVersion: number }) {
  const { sessionId } = await startSession({ userId: user.id, ip: null, userAgent: null });
  return { userId: user.id, sessionVersion: user.sessionVersion, sessionId };
}

export async function readSessionCookie(): Promise<SessionCookie | null> {
  const { token } = signedInRequest;
  return token ? { name: "next-auth.session-token", token } : null;
}

export async function readCurrentOrganizationId(): Promise<string | null> {
  return signedInRequest.chosenOrganizationId;
}
