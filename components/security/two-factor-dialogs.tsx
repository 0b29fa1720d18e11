"use client";

import { useRouter } from "next/navigation";
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
import { disableTwoFactorAction } from "@/lib/actions/two-factor";

/** A button whose action is confirmed in a dialog first; the dialog closes as it starts. */
export function ConfirmActionButton(props: {
  label: string;
  title: string;
  description: string;
  confirmLabel: string;
  pending: boolean;
  onConfirm: () => void;
}) {
  const [open, setOpen] = useState(false);
  return (
    <AlertDialog open={open} onOpenChange={setOpen}>
      <AlertDialogTrigger asChild>
        <PendingButton variant="outline" pending={props.pending} pendingLabel="Working…">
          {props.label}
        </PendingButton>
      </AlertDialogTrigger>
      <AlertDialogContent>
        <AlertDialogHeader>
          <AlertDialogTitle>{props.title}</AlertDialogTitle>
          <AlertDialogDescription>{props.description}</AlertDialogDescription>
        </AlertDialogHeader>
        <AlertDialogFooter>
          <AlertDialogCancel>Cancel</AlertDialogCancel>
          <Button
            onClick={() => {
              setOpen(false);
              props.onConfirm();
            }}
          >
            {props.confirmLabel}
          </Button>
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}

/**
 * Turns the authenticator app off after a confirmation that says what is lost; the person
 * is emailed. With passkeys, two-factor stays on (the passkey step and recovery codes stay).
 */
export function TurnOffTwoFactorButton({ passkeys }: { passkeys: boolean }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const form = useActionForm(disableTwoFactorAction, {
    onSuccess: (result) => {
      setOpen(false);
      toast({ variant: "success", title: result.message ?? "Two-factor authentication is off." });
      router.refresh();
    },
  });

  return (
    <AlertDialog
      open={open}
      onOpenChange={(next) => {
        if (form.isPending) return;
        if (next) form.reset();
        setOpen(next);
      }}
    >
      <AlertDialogTrigger asChild>
        <Button
          variant="outline"
          className="border-destructive/40 text-destructive hover:bg-destructive/10 hover:text-destructive"
        >
          {passkeys ? "Turn off authenticator app" : "Turn off two-factor authentication"}
        </Button>
      </AlertDialogTrigger>
      <AlertDialogContent>
        <AlertDialogHeader>
          <AlertDialogTitle>
            {passkeys ? "Turn off your authenticator app?" : "Turn off two-factor authentication?"}
          </AlertDialogTitle>
          <AlertDialogDescription>
            {passkeys
              ? "Its codes stop working, and we email you that it was turned off. Signing in with your password still asks for one of your passkeys, and your recovery codes keep working."
              : "Signing in will need only your password. Your authenticator app and recovery codes stop working, and we email you that it was turned off. Organizations that require two-factor authentication will ask you to set it up again."}
          </AlertDialogDescription>
        </AlertDialogHeader>
        <FormError message={form.formError} />
        <AlertDialogFooter>
          <AlertDialogCancel disabled={form.isPending}>Cancel</AlertDialogCancel>
          <PendingButton
            variant="destructive"
            pending={form.isPending}
            pendingLabel="Turning off…"
            onClick={() => form.submit({})}
          >
            Turn off
          </PendingButton>
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}
