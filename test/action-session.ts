import { AppError } from "@/lib/errors";
import type { SessionContext } from "@/lib/session/session";

// Stands in for the session module in server-action tests, where there is no request and so
// no cookie: a test sets `actionSession.current` to sign in. Replace the module with
//   vi.mock("@/lib/session/session", () => import("@/test/action-session"));

export const actionSession = { current: null as SessionContext | null, reads: 0 };

export async function requireActionContext(): Promise<SessionContext> {
  actionSession.reads += 1;
  if (!actionSession.current) {
    throw new AppError("unauthorized", "Your session has ended. Sign in again to continue.");
  }
  return actionSession.current;
}
