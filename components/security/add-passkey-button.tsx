"use client";

import { browserSupportsWebAuthn, startRegistration } from "@simplewebauthn/browser";
import { useRouter } from "next/navigation";
import type * as React from "react";
import { useState, useSyncExternalStore } from "react";
import { z } from "zod";
import { FormError } from "@/components/forms/form-error";
import { PendingButton } from "@/components/forms/pending-button";
import { useActionForm } from "@/components/forms/use-action-form";
import { Button } from "@/components/ui/button";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
  DialogTrigger,
} from "@/components/ui/dialog";
import { FormField } from "@/components/ui/form-field";
import { PlusIcon } from "@/components/ui/icons";
import { Input } from "@/components/ui/input";
import { toast } from "@/components/ui/toast";
import { addPasskeyAction, startPasskeyRegistrationAction } from "@/lib/actions/passkeys";
import { passkeyPromptFailureMessage } from "@/lib/auth/passkey-messages";
import { fieldErrorsOf } from "@/lib/validations/forms";
import { PASSKEY_NAME_MAX_LENGTH, passkeyNameSchema } from "@/lib/validations/passkeys";

const FIELDS = ["name"] as const;
const NAME_ONLY = z.object({ name: passkeyNameSchema });
const noopSubscribe = () => () => {};

/**
 * "Add a passkey" and its dialog: the person names the passkey, then their browser asks
 * them to create it (fingerprint, face, PIN or security key), then the server checks and
 * stores it. The name is asked first, so the passkey is never stored unnamed.
 */
export function AddPasskeyButton(): React.ReactNode {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [prompting, setPrompting] = useState(false);
  const [promptError, setPromptError] = useState<string | null>(null);
  // Known only in the browser: the server renders the button enabled.
  const supported = useSyncExternalStore(noopSubscribe, browserSupportsWebAuthn, () => true);

  const form = useActionForm(addPasskeyAction, {
    fields: FIELDS,
    onSuccess: (result) => {
      setOpen(false);
      toast({ variant: "success", title: "Passkey added", description: result.message });
      router.refresh();
    },
  });
  const busy = prompting || form.isPending;

  async function create(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    setPromptError(null);
    const formData = new FormData(event.currentTarget);
    const errors = fieldErrorsOf(NAME_ONLY, formData);
    if (Object.keys(errors).length > 0) {
      form.setFieldErrors(errors);
      event.currentTarget.querySelector<HTMLInputElement>("input[name=name]")?.focus();
      return;
    }
    form.reset();
    setPrompting(true);
    try {
      const started = await startPasskeyRegistrationAction({});
      if (!started.ok) {
        setPromptError(started.message);
        return;
      }
      let response: Awaited<ReturnType<typeof startRegistration>>;
      try {
        response = await startRegistration({ optionsJSON: started.data.options });
      } catch (error) {
        setPromptError(passkeyPromptFailureMessage(error, "create"));
        return;
      }
      form.submit({ challengeId: started.data.challengeId, name: formData.get("name"), response });
    } catch {
      setPromptError("A passkey cannot be added right now. Please try again in a moment.");
    } finally {
      setPrompting(false);
    }
  }

  function handleOpenChange(next: boolean) {
    if (busy) return;
    if (next) {
      form.reset();
      setPromptError(null);
    }
    setOpen(next);
  }

  return (
    <div className="grid justify-items-start gap-2">
      <Dialog open={open} onOpenChange={handleOpenChange}>
        <DialogTrigger asChild>
          <Button
            variant="outline"
            disabled={!supported}
            aria-describedby={supported ? undefined : "passkeys-unsupported"}
          >
            <PlusIcon />
            Add a passkey
          </Button>
        </DialogTrigger>
        <DialogContent className="max-w-md">
          <form
            onSubmit={create}
            noValidate
            aria-busy={busy}
            className="grid gap-5"
            ref={form.formProps.ref}
          >
            <DialogHeader>
              <DialogTitle>Add a passkey</DialogTitle>
              <DialogDescription>
                Name it so you can tell it apart later. Your browser then asks you to create it with
                your fingerprint, face, screen lock or security key.
              </DialogDescription>
            </DialogHeader>
            <FormError message={promptError ?? form.formError} />
            <FormField
              label="Name"
              hint={`Which device or key this is, like “Work laptop”. At most ${PASSKEY_NAME_MAX_LENGTH} characters.`}
              error={form.fieldErrors.name}
            >
              <Input
                name="name"
                autoComplete="off"
                maxLength={PASSKEY_NAME_MAX_LENGTH}
                defaultValue={form.values.name}
                autoFocus
              />
            </FormField>
            <DialogFooter>
              <Button variant="outline" type="button" onClick={() => handleOpenChange(false)}>
                Cancel
              </Button>
              <PendingButton
                type="submit"
                pending={busy}
                pendingLabel={prompting ? "Waiting for your passkey…" : "Adding passkey…"}
              >
                Create passkey
              </PendingButton>
            </DialogFooter>
          </form>
        </DialogContent>
      </Dialog>
      {supported ? null : (
        <p id="passkeys-unsupported" className="text-muted-foreground text-sm">
          This browser cannot create passkeys.
        </p>
      )}
    </div>
  );
}
