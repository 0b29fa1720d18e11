"use client";

import { useRouter } from "next/navigation";
import type * as React from "react";
import { useState } from "react";
import { FormError } from "@/components/forms/form-error";
import { PendingButton } from "@/components/forms/pending-button";
import { useActionForm } from "@/components/forms/use-action-form";
import {
  AlertDialog,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogHeader,
  AlertDialogTitle,
  AlertDialogTrigger,
} from "@/components/ui/alert-dialog";
import { Button } from "@/components/ui/button";
import { toast } from "@/components/ui/toast";
import { removePasskeyAction } from "@/lib/actions/passkeys";

/** A passkey row's Remove button and its confirmation, naming the passkey. */
export function RemovePasskeyButton({
  passkey,
}: {
  passkey: { id: string; name: string };
}): React.ReactNode {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const form = useActionForm(removePasskeyAction, {
    onSuccess: (result) => {
      setOpen(false);
      toast({ variant: "success", title: "Passkey removed", description: result.message });
      router.refresh();
    },
  });

  function handleOpenChange(next: boolean) {
    if (form.isPending) return;
    if (next) form.reset();
    setOpen(next);
  }

  return (
    <AlertDialog open={open} onOpenChange={handleOpenChange}>
      <AlertDialogTrigger asChild>
        <Button
          variant="outline"
          size="sm"
          aria-label={`Remove passkey ${passkey.name}`}
          className="border-destructive/40 text-destructive hover:bg-destructive/10 hover:text-destructive"
        >
          Remove
        </Button>
      </AlertDialogTrigger>
      <AlertDialogContent>
        <AlertDialogHeader>
          <AlertDialogTitle>Remove the passkey “{passkey.name}”?</AlertDialogTitle>
          <AlertDialogDescription>
            You can no longer sign in with it. The device or security key may keep showing it until
            you delete it there too.
          </AlertDialogDescription>
        </AlertDialogHeader>
        <FormError message={form.formError} />
        <AlertDialogFooter>
          <AlertDialogCancel disabled={form.isPending}>Cancel</AlertDialogCancel>
          <PendingButton
            variant="destructive"
            onClick={() => form.submit({ passkeyId: passkey.id })}
            pending={form.isPending}
            pendingLabel="Removing…"
          >
            Remove passkey
          </PendingButton>
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}
