"use client";

import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import { useActionForm } from "@/components/forms/use-action-form";
import { RevokeConfirmFooter } from "@/components/tokens/revoke-token-dialog";
import {
  AlertDialog,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogHeader,
  AlertDialogTitle,
  AlertDialogTrigger,
} from "@/components/ui/alert-dialog";
import { Button } from "@/components/ui/button";
import { toast } from "@/components/ui/toast";
import { revokeInvitationAction } from "@/lib/actions/invitations";

/** The "Pending invitations" heading, which takes focus once a revoked row has gone. */
export const PENDING_INVITATIONS_HEADING_ID = "pending-invitations-heading";

/** Revoke, after a confirmation naming the address; the dialog shows a refusal. */
export function RevokeInvitationButton({
  invitation,
}: {
  invitation: { id: string; email: string };
}) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const revoked = useRef(false);
  const form = useActionForm(revokeInvitationAction, {
    onSuccess: () => {
      revoked.current = true;
      setOpen(false);
      toast({
        variant: "success",
        title: "Invitation revoked",
        description: `The link sent to ${invitation.email} no longer works.`,
      });
      router.refresh();
    },
  });

  function handleOpenChange(next: boolean) {
    if (form.isPending) return;
    if (!next) form.reset();
    setOpen(next);
  }

  return (
    <AlertDialog open={open} onOpenChange={handleOpenChange}>
      <AlertDialogTrigger asChild>
        <Button
          variant="outline"
          size="sm"
          aria-label={`Revoke the invitation to ${invitation.email}`}
        >
          Revoke
        </Button>
      </AlertDialogTrigger>
      <AlertDialogContent
        onCloseAutoFocus={(event) => {
          // The row goes away once revoked: focus goes to the section's heading instead.
          if (!revoked.current) return;
          event.preventDefault();
          document.getElementById(PENDING_INVITATIONS_HEADING_ID)?.focus();
        }}
      >
        <AlertDialogHeader>
          <AlertDialogTitle>Revoke the invitation to {invitation.email}?</AlertDialogTitle>
          <AlertDialogDescription>
            The link stops working at once. You can invite this address again afterwards.
          </AlertDialogDescription>
        </AlertDialogHeader>
        <RevokeConfirmFooter
          error={form.formError}
          isPending={form.isPending}
          onConfirm={() => {
            if (!form.isPending) form.submit({ invitationId: invitation.id });
          }}
          label="Revoke invitation"
        />
      </AlertDialogContent>
    </AlertDialog>
  );
}
