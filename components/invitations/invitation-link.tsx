"use client";

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
  return (
    <p className="text-muted-foreground text-sm">
      Copy the link and send it to {created.email} yourself (email delivery is not set up).
    </p>
  );
}

/** The invite dialog's second step: the link to copy, its expiry and the email's fate. */
export function InvitationLinkView({
  created,
  onInviteAnother,
  onDone,
}: {
  created: CreatedInvitationLink;
  onInviteAnother: () => void;
  onDone: () => void;
}) {
  return (
    <div className="grid gap-5">
      <DialogHeader>
        <DialogTitle>Invitation created</DialogTitle>
        <DialogDescription>
          Send this link to {created.email}. It is shown only now and works once.
        </DialogDescription>
      </DialogHeader>
      <CopyField
        id="invitation-link"
        label="Invitation link"
        value={created.url}
        copyLabel="Copy link"
        autoFocus
      >
        <p className="text-muted-foreground text-xs">
          Valid until <DateTime date={new Date(created.expiresAt)} />.
        </p>
      </CopyField>
      <EmailOutcome created={created} />
      <DialogFooter>
        <Button variant="outline" onClick={onInviteAnother}>
          Invite another
        </Button>
        <Button onClick={onDone}>Done</Button>
      </DialogFooter>
    </div>
  );
}
