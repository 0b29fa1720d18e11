"use client";

import { useRef, useState } from "react";
import { formatLocalDateTime } from "@/components/time/format";
import { TokenTestPanel } from "@/components/tokens/token-test-panel";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { CopyField } from "@/components/ui/copy-field";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from "@/components/ui/dialog";

/** The freshly created token, held only while the reveal dialog is open. */
export interface RevealedToken {
  token: string;
  tokenId: string;
  name: string;
  /** Why the new token expires earlier than its predecessor (a rotation under the lifetime policy). */
  expiryNotice?: string | null;
  /** GET /api/v1/tokens/self on the public URL, for the Test it now section. */
  testUrl?: string;
  /** Set when the token is a rotation's successor: the old token and when it stops. */
  rotation?: RevealedRotation;
}

export interface RevealedRotation {
  oldLastFour: string;
  /** When the old token stops at the latest (its grace period's end). */
  oldEndsAt: Date | null;
  /** Whether the new token's first request stops the old one sooner. */
  endsAtFirstUse: boolean;
}

/**
 * The one-time reveal of a new token. The parent drops the token from its state in
 * `onClose`, so once this dialog is closed the value exists nowhere in the page; the
 * server never sends it again. Every way of closing (Done, Escape, a click outside, the
 * close button) asks for confirmation while the token has not been copied.
 */
export function TokenRevealDialog({
  revealed,
  onClose,
}: {
  revealed: RevealedToken | null;
  onClose: () => void;
}) {
  // Keyed by token so a second token never inherits the first one's "copied" state.
  return revealed ? (
    <RevealDialog key={revealed.tokenId} revealed={revealed} onClose={onClose} />
  ) : null;
}

function RevealDialog({ revealed, onClose }: { revealed: RevealedToken; onClose: () => void }) {
  const [copied, setCopied] = useState(false);
  const [confirmingClose, setConfirmingClose] = useState(false);
  const fieldRef = useRef<HTMLInputElement>(null);

  function requestClose() {
    if (copied) onClose();
    else setConfirmingClose(true);
  }

  // Escape, a click outside and the × button all arrive here as a request to close.
  function handleOpenChange(open: boolean) {
    if (open) return;
    // On the confirmation, dismissing goes back to the token rather than discarding it.
    if (confirmingClose) setConfirmingClose(false);
    else requestClose();
  }

  return (
    <Dialog open onOpenChange={handleOpenChange}>
      <DialogContent
        className="max-w-xl"
        showCloseButton={!confirmingClose}
        onOpenAutoFocus={(event) => {
          event.preventDefault();
          fieldRef.current?.focus();
        }}
        // The parent decides where focus goes once the dialog is gone.
        onCloseAutoFocus={(event) => event.preventDefault()}
      >
        {confirmingClose ? (
          <>
            <DialogHeader>
              <DialogTitle>Close without copying the token?</DialogTitle>
              <DialogDescription>
                {revealed.rotation ? (
                  <>
                    You haven&apos;t copied the new token. Once this dialog is closed it can never
                    be shown again: you would have to rotate &ldquo;{revealed.name}&rdquo; again
                    from its page to get another one. {oldTokenFate(revealed.rotation)}
                  </>
                ) : (
                  <>
                    You haven&apos;t copied this token. Once this dialog is closed it can never be
                    shown again: to use the API you would have to revoke &ldquo;{revealed.name}
                    &rdquo; and create a new token.
                  </>
                )}
              </DialogDescription>
            </DialogHeader>
            <DialogFooter>
              <Button variant="destructive" onClick={onClose}>
                Close without copying
              </Button>
              <Button autoFocus onClick={() => setConfirmingClose(false)}>
                Go back to the token
              </Button>
            </DialogFooter>
          </>
        ) : (
          <>
            <DialogHeader>
              <DialogTitle>Copy your new API token</DialogTitle>
              <DialogDescription>
                {revealed.rotation ? (
                  <>
                    &ldquo;{revealed.name}&rdquo; was rotated: this is your new token, replacing{" "}
                    <code className="whitespace-nowrap font-mono">
                      …{revealed.rotation.oldLastFour}
                    </code>
                    . {oldTokenFate(revealed.rotation)} Store the new token somewhere safe, such as
                    your CI provider&apos;s secrets or a password manager.
                  </>
                ) : (
                  <>
                    &ldquo;{revealed.name}&rdquo; was created. Store the token somewhere safe, such
                    as your CI provider&apos;s secrets or a password manager.
                  </>
                )}
              </DialogDescription>
            </DialogHeader>

            {revealed.expiryNotice ? (
              <Alert>
                <AlertTitle>Expiry shortened by your token policy</AlertTitle>
                <AlertDescription>{revealed.expiryNotice}</AlertDescription>
              </Alert>
            ) : null}

            <Alert variant="warning">
              <AlertTitle>This token will only be shown once</AlertTitle>
              <AlertDescription>
                Copy it now. MailShield keeps only a hash of it, so it cannot be shown again; if it
                is lost,{" "}
                {revealed.rotation
                  ? `rotate “${revealed.name}” again from its page.`
                  : "revoke it and create a new one."}
              </AlertDescription>
            </Alert>

            <CopyField
              id="revealed-token"
              label="API token"
              value={revealed.token}
              onCopied={() => setCopied(true)}
              inputRef={fieldRef}
            >
              <p className="text-muted-foreground text-xs">
                Send it as <code className="font-mono">Authorization: Bearer &lt;token&gt;</code>.
              </p>
            </CopyField>

            {revealed.testUrl ? (
              <TokenTestPanel
                tokenId={revealed.tokenId}
                token={revealed.token}
                testUrl={revealed.testUrl}
                onCopied={() => setCopied(true)}
              />
            ) : null}

            <DialogFooter>
              <Button onClick={requestClose}>Done</Button>
            </DialogFooter>
          </>
        )}
      </DialogContent>
    </Dialog>
  );
}

/** What becomes of the old token, in one sentence: the reveal and its close guard say it. */
export function oldTokenFate(rotation: RevealedRotation, now: Date = new Date()): string {
  const old = `The old token …${rotation.oldLastFour}`;
  const endsAt = rotation.oldEndsAt;
  if (!endsAt || endsAt.getTime() <= now.getTime()) return `${old} has stopped working.`;
  const when = formatLocalDateTime(endsAt);
  return rotation.endsAtFirstUse
    ? `${old} keeps working until the new token is first used or until ${when}, whichever comes first.`
    : `${old} keeps working until ${when}.`;
}
