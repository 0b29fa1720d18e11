"use client";

import { useRouter } from "next/navigation";
import { FormError } from "@/components/forms/form-error";
import { PendingButton } from "@/components/forms/pending-button";
import { useActionForm } from "@/components/forms/use-action-form";
import { RelativeTime } from "@/components/time/relative-time";
import { Badge } from "@/components/ui/badge";
import { toast } from "@/components/ui/toast";
import { endOtherSessionsAction, endSessionAction } from "@/lib/actions/sessions";

export interface SessionView {
  id: string;
  browser: string;
  os: string;
  ip: string | null;
  /** ISO 8601. */
  signedInAt: string;
  /** ISO 8601. */
  lastActiveAt: string;
  current: boolean;
}

/** The Sessions list: this device first, each other one with its Sign out. */
export function SessionsList({ sessions }: { sessions: SessionView[] }) {
  const others = sessions.filter((session) => !session.current);
  return (
    <div className="grid gap-3">
      <ul className="divide-y rounded-xl border bg-card shadow-xs">
        {sessions.map((session) => (
          <SessionRow key={session.id} session={session} />
        ))}
      </ul>
      {others.length > 0 ? (
        <EndOtherSessionsButton count={others.length} />
      ) : (
        <p className="text-muted-foreground text-sm">
          This is your only session: no other browser is signed in to your account.
        </p>
      )}
    </div>
  );
}

function SessionRow({ session }: { session: SessionView }) {
  const device = `${session.browser} on ${session.os}`;
  const headingId = `session-${session.id}`;
  return (
    <li aria-labelledby={headingId} className="flex flex-wrap items-start gap-3 p-4">
      <div className="grid min-w-0 flex-1 gap-1">
        <p className="flex flex-wrap items-center gap-2">
          <span id={headingId} className="font-medium">
            {device}
          </span>
          {session.current ? <Badge variant="success">This device</Badge> : null}
        </p>
        <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5 text-muted-foreground text-sm">
          <dt>IP address</dt>
          <dd className="break-all font-mono text-xs leading-5">{session.ip ?? "Unknown"}</dd>
          <dt>Signed in</dt>
          <dd>
            <RelativeTime date={new Date(session.signedInAt)} />
          </dd>
          <dt>Last active</dt>
          <dd>
            {session.current ? "Now" : <RelativeTime date={new Date(session.lastActiveAt)} />}
          </dd>
        </dl>
      </div>
      {session.current ? null : <EndSessionButton sessionId={session.id} device={device} />}
    </li>
  );
}

function EndSessionButton({ sessionId, device }: { sessionId: string; device: string }) {
  const router = useRouter();
  const form = useActionForm(endSessionAction, {
    onSuccess: () => {
      toast({ variant: "success", title: "Session signed out", description: device });
      router.refresh();
    },
  });
  return (
    <form {...form.formProps} className="grid justify-items-end gap-2">
      <input type="hidden" name="sessionId" value={sessionId} />
      <PendingButton
        type="submit"
        variant="outline"
        size="sm"
        pending={form.isPending}
        pendingLabel="Signing out…"
        aria-label={`Sign out ${device}`}
      >
        Sign out
      </PendingButton>
      <FormError message={form.formError} />
    </form>
  );
}

function EndOtherSessionsButton({ count }: { count: number }) {
  const router = useRouter();
  const form = useActionForm(endOtherSessionsAction, {
    onSuccess: (result) => {
      toast({ variant: "success", title: "Signed out", description: result.message });
      router.refresh();
    },
  });
  return (
    <form {...form.formProps} className="grid gap-2">
      <FormError message={form.formError} />
      <div>
        <PendingButton
          type="submit"
          variant="outline"
          pending={form.isPending}
          pendingLabel="Signing out…"
        >
          Sign out of all other sessions
        </PendingButton>
      </div>
      <p className="text-muted-foreground text-sm">
        Ends {count === 1 ? "the other session" : `all ${count} other sessions`}; you stay signed in
        here.
      </p>
    </form>
  );
}
