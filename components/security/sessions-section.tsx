import { listSessions } from "@/lib/services/sessions/records";
import { requireSessionContext } from "@/lib/session/session";
import { SessionsList } from "./sessions-list";

/**
 * Settings → Security → Sessions: every browser signed in to this account, this one first.
 * A server component reading the person's own sessions, so a page adds it in one line.
 */
export async function SessionsSection() {
  const { user, sessionId } = await requireSessionContext();
  const sessions = await listSessions(user.id, sessionId);

  return (
    <section id="sessions" aria-labelledby="sessions-heading" className="grid gap-3">
      <div className="grid gap-1">
        <h2 id="sessions-heading" className="font-medium text-lg">
          Sessions
        </h2>
        <p className="text-muted-foreground text-sm">
          Browsers and devices signed in to your account. Sign out of any you do not recognise, then
          change your password.
        </p>
      </div>
      <SessionsList
        sessions={sessions.map((session) => ({
          ...session,
          signedInAt: session.signedInAt.toISOString(),
          lastActiveAt: session.lastActiveAt.toISOString(),
        }))}
      />
    </section>
  );
}
