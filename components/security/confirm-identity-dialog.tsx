"use client";

import type * as React from "react";
import { useRef, useState } from "react";
import { FormError } from "@/components/forms/form-error";
import { PendingButton } from "@/components/forms/pending-button";
import { UNREACHABLE_SERVER_MESSAGE } from "@/components/forms/use-action-form";
import { Button } from "@/components/ui/button";
import {
  Dialog,
  DialogClose,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from "@/components/ui/dialog";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import type { FieldErrors } from "@/lib/actions/result";
import { confirmIdentityAction } from "@/lib/actions/sessions";

/**
 * "Confirm it's you": asked before a sensitive action when the person has not signed in or
 * confirmed in the last 15 minutes. Password for now; an authentication code and a passkey
 * become alternatives here (a "Use an authentication code" / "Use a passkey" choice sending
 * `method` with `code` or `response`), answered by the same action.
 *
 * Not useActionForm: the dialog opens while another form's action is still pending (it
 * waits for this answer), and React commits the state of async transitions together, so an
 * answer given through a transition here would wait for the outer action, which waits for
 * it. Its own state is plain state instead, with the idiom's behaviour: pending button,
 * the field's error, focus back on the field.
 */
export function ConfirmIdentityDialog({
  open,
  onConfirmed,
  onDismiss,
}: {
  open: boolean;
  onConfirmed: () => void;
  onDismiss: () => void;
}) {
  const [pending, setPending] = useState(false);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const passwordRef = useRef<HTMLInputElement>(null);

  function reset() {
    setFieldErrors({});
    setFormError(null);
  }

  async function handleSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    const formElement = event.currentTarget;
    const input = new FormData(formElement);
    reset();
    setPending(true);
    try {
      const result = await confirmIdentityAction(input);
      if (result.ok) {
        formElement.reset();
        onConfirmed();
        return;
      }
      setFieldErrors(result.fieldErrors);
      setFormError(result.fieldErrors.password?.length ? null : result.message);
    } catch {
      setFormError(UNREACHABLE_SERVER_MESSAGE);
    } finally {
      setPending(false);
    }
    passwordRef.current?.focus();
  }

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        if (!next && !pending) onDismiss();
      }}
    >
      <DialogContent
        className="max-w-md"
        // A fresh dialog each time: no error from the last attempt.
        onOpenAutoFocus={reset}
      >
        <DialogHeader>
          <DialogTitle>Confirm it's you</DialogTitle>
          <DialogDescription>
            This action changes who can reach your organization or its API. Enter your password to
            continue; you will not be asked again for 15 minutes.
          </DialogDescription>
        </DialogHeader>
        <form onSubmit={handleSubmit} noValidate aria-busy={pending} className="grid gap-4">
          <input type="hidden" name="method" value="password" />
          <FormError message={formError} />
          <FormField label="Password" error={fieldErrors.password}>
            <Input
              ref={passwordRef}
              name="password"
              type="password"
              autoComplete="current-password"
              required
              autoFocus
            />
          </FormField>
          <DialogFooter>
            <DialogClose asChild>
              <Button type="button" variant="outline">
                Cancel
              </Button>
            </DialogClose>
            <PendingButton type="submit" pending={pending} pendingLabel="Confirming…">
              Confirm
            </PendingButton>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
