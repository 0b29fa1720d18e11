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

/** A signing secret just created or rotated, held only while its dialog is open. */
export interface RevealedSecret {
  webhookId: string;
  url: string;
  secret: string;
  rotated: boolean;
}

/**
 * The one-time reveal of a webhook's signing secret, with the token reveal's copy guard:
 * closing it in any way before copying asks for confirmation. The parent drops the secret
 * in `onClose`; the server never sends it again.
 */
export function SecretRevealDialog({
  revealed,
  onClose,
}: {
  revealed: RevealedSecret | null;
  onClose: () => void;
}) {
  return revealed ? (
    <RevealDialog key={revealed.secret} revealed={revealed} onClose={onClose} />
  ) : null;
}

function RevealDialog({ revealed, onClose }: { revealed: RevealedSecret; onClose: () => void }) {
  const [copied, setCopied] = useState(false);
  const [confirmingClose, setConfirmingClose] = useState(false);
  const fieldRef = useRef<HTMLInputElement>(null);

  function requestClose() {
    if (copied) onClose();
    else setConfirmingClose(true);
  }

  return (
    <Dialog
      open
      onOpenChange={(open) => {
        if (open) return;
        if (confirmingClose) setConfirmingClose(false);
        else requestClose();
      }}
    >
      <DialogContent
        className="max-w-xl"
        showCloseButton={!confirmingClose}
        onOpenAutoFocus={(event) => {
          event.preventDefault();
          fieldRef.current?.focus();
        }}
        onCloseAutoFocus={(event) => event.preventDefault()}
      >
        {confirmingClose ? (
          <>
            <DialogHeader>
              <DialogTitle>Close without copying the secret?</DialogTitle>
              <DialogDescription>
                You haven&apos;t copied the signing secret. Once this dialog is closed it can never
                be shown again: your receiver could not verify deliveries, and you would have to
                rotate the secret.
              </DialogDescription>
            </DialogHeader>
            <DialogFooter>
              <Button variant="destructive" onClick={onClose}>
                Close without copying
              </Button>
              <Button autoFocus onClick={() => setConfirmingClose(false)}>
                Go back to the secret
              </Button>
            </DialogFooter>
          </>
        ) : (
          <>
            <DialogHeader>
              <DialogTitle>
                {revealed.rotated ? "Copy the new signing secret" : "Copy the signing secret"}
              </DialogTitle>
              <DialogDescription className="break-all">
                For {revealed.url}. Your receiver verifies each delivery&apos;s
                <code className="font-mono"> webhook-signature</code> with it.
              </DialogDescription>
            </DialogHeader>
            <Alert variant="warning">
              <AlertTitle>This secret will only be shown once</AlertTitle>
              <AlertDescription>
                {revealed.rotated
                  ? "For the next 24 hours deliveries are signed with both the old and the new secret; update your receiver before then."
                  : "Copy it now and store it with your receiver's configuration."}
              </AlertDescription>
            </Alert>
            <CopyField
              id="revealed-webhook-secret"
              label="Signing secret"
              value={revealed.secret}
              onCopied={() => setCopied(true)}
              inputRef={fieldRef}
            />
            <DialogFooter>
              <Button onClick={requestClose}>Done</Button>
            </DialogFooter>
          </>
        )}
      </DialogContent>
    </Dialog>
  );
}
