"use client";

import type * as React from "react";
import { useEffect, useRef, useState } from "react";
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
import type { ActionResult, FieldErrors } from "@/lib/actions/result";
import { confirmationMethodsAction, confirmIdentityAction } from "@/lib/actions/sessions";
import type { ConfirmationMethod } from "@/lib/validations/sessions";
import { confirmWithPasskey } from "./confirm-with-passkey";

const ASK: Record<ConfirmationMethod, string> = {
  password: "Enter your password to continue",
  authentication_code: "Enter the code from your authenticator app to continue",
  passkey: "Use one of your passkeys to continue",
};
const SWITCH: Record<ConfirmationMethod, string> = {
  password: "Use your password",
  authentication_code: "Use an authentication code",
  passkey: "Use a passkey",
};

/**
 * "Confirm it's you": asked before a sensitive action when the person has not signed in or
 * confirmed in the last 15 minutes. The password, or the person's other ways (a code from
 * their authenticator app, a passkey) as they have them; each is answered by the same
 * action, and the pending action goes on once it passes (SudoProvider).
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
  const [methods, setMethods] = useState<ConfirmationMethod[]>(["password"]);
  const [method, setMethod] = useState<ConfirmationMethod>("password");
  const [pending, setPending] = useState(false);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const fieldRef = useRef<HTMLInputElement>(null);
  const passkeyRef = useRef<HTMLButtonElement>(null);

  // Which ways this person has, asked each time it opens (a factor may have changed).
  useEffect(() => {
    if (!open) return;
    let current = true;
    confirmationMethodsAction({})
      .then((result) => {
        if (current && result.ok) setMethods(result.data.methods);
      })
      .catch(() => {});
    return () => {
      current = false;
    };
  }, [open]);

  function reset() {
    setFieldErrors({});
    setFormError(null);
  }

  function focusAnswer() {
    requestAnimationFrame(() => (fieldRef.current ?? passkeyRef.current)?.focus());
  }

  function switchTo(next: ConfirmationMethod) {
    reset();
    setMethod(next);
    focusAnswer();
  }

  async function settle(answer: () => Promise<ActionResult<unknown>>, form?: HTMLFormElement) {
    if (pending) return;
    reset();
    setPending(true);
    try {
      const result = await answer();
      if (result.ok) {
        form?.reset();
        onConfirmed();
        return;
      }
      const shownOnField = (result.fieldErrors.password ?? result.fieldErrors.code)?.length;
      setFieldErrors(result.fieldErrors);
      setFormError(shownOnField ? null : (result.fieldErrors.form?.[0] ?? result.message));
    } catch {
      setFormError(UNREACHABLE_SERVER_MESSAGE);
    } finally {
      setPending(false);
    }
    focusAnswer();
  }

  function handleSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    if (method === "passkey") return void settle(confirmWithPasskey);
    const input = new FormData(form);
    void settle(() => confirmIdentityAction(input), form);
  }

  const others = methods.filter((other) => other !== method);
  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        if (!next && !pending) onDismiss();
      }}
    >
      <DialogContent
        className="max-w-md"
        // A fresh dialog each time: the password first, no error from the last attempt.
        onOpenAutoFocus={() => {
          reset();
          setMethod("password");
        }}
      >
        <DialogHeader>
          <DialogTitle>Confirm it's you</DialogTitle>
          <DialogDescription>
            This action changes who can reach your organization, its API or your account.{" "}
            {ASK[method]}; you will not be asked again for 15 minutes.
          </DialogDescription>
        </DialogHeader>
        <form onSubmit={handleSubmit} noValidate aria-busy={pending} className="grid gap-4">
          <input type="hidden" name="method" value={method} />
          <FormError message={formError} />
          {method === "password" ? (
            <FormField label="Password" error={fieldErrors.password}>
              <Input
                key="password"
                ref={fieldRef}
                name="password"
                type="password"
                autoComplete="current-password"
                required
                autoFocus
              />
            </FormField>
          ) : method === "authentication_code" ? (
            <FormField label="Authentication code" error={fieldErrors.code}>
              <Input
                key="code"
                ref={fieldRef}
                name="code"
                autoComplete="one-time-code"
                inputMode="numeric"
                spellCheck={false}
                maxLength={7}
                placeholder="123456"
                required
              />
            </FormField>
          ) : null}
          {others.length > 0 ? (
            <div className="flex flex-wrap gap-x-4 gap-y-1 text-sm">
              {others.map((other) => (
                <Button
                  key={other}
                  type="button"
                  variant="link"
                  className="h-auto px-0"
                  onClick={() => switchTo(other)}
                >
                  {SWITCH[other]}
                </Button>
              ))}
            </div>
          ) : null}
          <DialogFooter>
            <DialogClose asChild>
              <Button type="button" variant="outline">
                Cancel
              </Button>
            </DialogClose>
            {method === "passkey" ? (
              <PendingButton
                ref={passkeyRef}
                type="submit"
                pending={pending}
                pendingLabel="Waiting for your passkey…"
              >
                Use a passkey
              </PendingButton>
            ) : (
              <PendingButton type="submit" pending={pending} pendingLabel="Confirming…">
                Confirm
              </PendingButton>
            )}
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
