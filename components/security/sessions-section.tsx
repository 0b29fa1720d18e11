import type { SessionListItem } from "@/lib/services/sessions/records";
import { SessionsList } from "./sessions-list";

/** Settings → Security → Sessions: every browser signed in to this account, this one first. */
export function SessionsSection({ sessions }: { sessions: SessionListItem[] }) {
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
