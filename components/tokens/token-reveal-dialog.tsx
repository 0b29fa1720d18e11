"use client";

import { useRef, useState } from "react";
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
                You haven&apos;t copied this token. Once this dialog is closed it can never be shown
                again: to use the API you would have to revoke &ldquo;{revealed.name}&rdquo; and
                create a new token.
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
                &ldquo;{revealed.name}&rdquo; was created. Store the token somewhere safe, such as
                your CI provider&apos;s secrets or a password manager.
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
                is lost, revoke it and create a new one.
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

            <DialogFooter>
              <Button onClick={requestClose}>Done</Button>
            </DialogFooter>
          </>
        )}
      </DialogContent>
    </Dialog>
  );
}
