"use client";

import { useState } from "react";
import { DateTime } from "@/components/time/relative-time";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { CopyField } from "@/components/ui/copy-field";
import { DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import type { CreatedInvitationLink } from "@/lib/actions/invitations";

/** What became of the email, in words: sent, not configured, withheld, or refused. */
function EmailOutcome({ created }: { created: CreatedInvitationLink }) {
  if (created.emailed === "sent") {
    return (
      <p className="text-sm">
        We also emailed the link to <strong className="font-medium">{created.email}</strong>.
      </p>
    );
  }
  if (created.emailed === "failed") {
    return (
      <Alert variant="warning">
        <AlertDescription>
          The email to {created.email} could not be sent. Copy the link and send it yourself.
        </AlertDescription>
      </Alert>
    );
  }
  if (created.emailed === "withheld") {
    // Why not stays unsaid: the address's emails for the day may have come from other
    // organizations, which this inviter has no business knowing.
    return (
      <p className="text-muted-foreground text-sm">
        Not emailed: copy the link and send it to {created.email} yourself.
      </p>
    );
  }
  if (created.emailed === "not_configured") {
    return (
      <p className="text-muted-foreground text-sm">
        Copy the link and send it to {created.email} yourself (email delivery is not set up).
      </p>
    );
  }
  // Copy link: a link for the owner to send, which nobody asked to email.
  return null;
}

/**
 * The copy guard of a link shown once: leaving (Done, Escape, a click outside, the close
 * button, "Invite another") before the link was copied asks first, as the token reveal
 * does. `request(leave)` leaves at once once copied, else asks; dismissing the question
 * goes back to the link.
 */
export function useLinkCopyGuard() {
  const [copied, setCopied] = useState(false);
  const [leaving, setLeaving] = useState<(() => void) | null>(null);
  return {
    copied,
    confirming: leaving !== null,
    markCopied: () => setCopied(true),
    request(leave: () => void) {
      if (copied) leave();
      else setLeaving(() => leave);
    },
    confirm() {
      const leave = leaving;
      setLeaving(null);
      leave?.();
    },
    cancel: () => setLeaving(null),
    reset() {
      setCopied(false);
      setLeaving(null);
    },
  };
}

export type LinkCopyGuard = ReturnType<typeof useLinkCopyGuard>;

/**
 * A dialog's onOpenChange for a step showing a link once: closing asks first until the link
 * is copied, and dismissing that question goes back to the link.
 */
export function guardedClose(guard: LinkCopyGuard, close: () => void) {
  return (open: boolean) => {
    if (open) return;
    if (guard.confirming) guard.cancel();
    else guard.request(close);
  };
}

function CloseWithoutCopying({
  created,
  guard,
}: {
  created: CreatedInvitationLink;
  guard: LinkCopyGuard;
}) {
  return (
    <div className="grid gap-5">
      <DialogHeader>
        <DialogTitle>Close without copying the link?</DialogTitle>
        <DialogDescription>
          {created.emailed === "sent"
            ? `It was emailed to ${created.email}, but it can't be shown here again. `
            : `You haven't copied the invitation link for ${created.email}, and it can't be shown again. `}
          If you need it later, Copy link on the pending invitation makes a new one (this one then
          stops working).
        </DialogDescription>
      </DialogHeader>
      <DialogFooter>
        <Button variant="destructive" onClick={guard.confirm}>
          Close without copying
        </Button>
        <Button autoFocus onClick={guard.cancel}>
          Go back to the link
        </Button>
      </DialogFooter>
    </div>
  );
}

/**
 * A link to send, shown once: after an invitation is created (the invite dialog's second
 * step) or when Copy link or a failed Resend made a new one. With its expiry, the email's
 * fate and the copy guard.
 */
export function InvitationLinkView({
  created,
  guard,
  title = "Invitation created",
  onInviteAnother,
  onDone,
}: {
  created: CreatedInvitationLink;
  guard: LinkCopyGuard;
  title?: string;
  onInviteAnother?: () => void;
  onDone: () => void;
}) {
  if (guard.confirming) return <CloseWithoutCopying created={created} guard={guard} />;
  return (
    <div className="grid gap-5">
      <DialogHeader>
        <DialogTitle>{title}</DialogTitle>
        <DialogDescription>
          Send this link to {created.email}. It is shown only now and works once.
        </DialogDescription>
      </DialogHeader>
      <CopyField
        id="invitation-link"
        label="Invitation link"
        value={created.url}
        copyLabel="Copy link"
        onCopied={guard.markCopied}
        autoFocus
      >
        <p className="text-muted-foreground text-xs">
          Valid until <DateTime date={new Date(created.expiresAt)} />.
        </p>
      </CopyField>
      <EmailOutcome created={created} />
      <DialogFooter>
        {onInviteAnother ? (
          <Button variant="outline" onClick={() => guard.request(onInviteAnother)}>
            Invite another
          </Button>
        ) : null}
        <Button onClick={() => guard.request(onDone)}>Done</Button>
      </DialogFooter>
    </div>
  );
}
