"use client";

import { useRouter } from "next/navigation";
import type * as React from "react";
import { useState } from "react";
import { FormError } from "@/components/forms/form-error";
import { PendingButton } from "@/components/forms/pending-button";
import { useActionForm } from "@/components/forms/use-action-form";
import {
  guardedClose,
  InvitationLinkView,
  useLinkCopyGuard,
} from "@/components/invitations/invitation-link";
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
import { toast } from "@/components/ui/toast";
import {
  type CreatedInvitationLink,
  reissueInvitationLinkAction,
  resendInvitationAction,
} from "@/lib/actions/invitations";
import { INVITATION_VALID_DAYS } from "@/lib/validations/invitations";

// Copy link and Resend on a pending invitation. MailShield keeps only a hash of each link,
// so the link sent before cannot be shown again: both first say that a new link replaces
// it (the old one stops working), then Copy link shows the new link once, with the same
// copy guard as after creating an invitation, and Resend emails it (or, when the email
// fails, shows it to copy instead).

type Invitation = { id: string; email: string };

const WHY_NEW =
  "MailShield keeps only a fingerprint of each invitation link, so the one sent before can't be shown again.";

/** One pending invitation's dialog: a confirmation, then the new link when there is one. */
function NewLinkDialog({
  trigger,
  title,
  description,
  confirmLabel,
  pendingLabel,
  submit,
  isPending,
  error,
  link,
  open,
  onOpenChange,
}: {
  trigger: React.ReactNode;
  title: string;
  description: string;
  confirmLabel: string;
  pendingLabel: string;
  submit: () => void;
  isPending: boolean;
  error: string | null;
  link: CreatedInvitationLink | null;
  open: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  const guard = useLinkCopyGuard();
  const close = () => {
    guard.reset();
    onOpenChange(false);
  };
  function handleOpenChange(next: boolean) {
    if (isPending) return;
    if (next) guard.reset();
    onOpenChange(next);
  }
  return (
    <Dialog open={open} onOpenChange={link ? guardedClose(guard, close) : handleOpenChange}>
      <DialogTrigger asChild>{trigger}</DialogTrigger>
      <DialogContent className="max-w-lg" showCloseButton={!guard.confirming}>
        {link ? (
          <InvitationLinkView
            created={link}
            guard={guard}
            title="New invitation link"
            onDone={close}
          />
        ) : (
          <div className="grid gap-5">
            <DialogHeader>
              <DialogTitle>{title}</DialogTitle>
              <DialogDescription>{description}</DialogDescription>
            </DialogHeader>
            <FormError message={error} />
            <DialogFooter>
              <Button variant="outline" onClick={() => handleOpenChange(false)}>
                Cancel
              </Button>
              <PendingButton
                pending={isPending}
                pendingLabel={pendingLabel}
                onClick={() => {
                  if (!isPending) submit();
                }}
              >
                {confirmLabel}
              </PendingButton>
            </DialogFooter>
          </div>
        )}
      </DialogContent>
    </Dialog>
  );
}

/** Copy link: a new link for the owner to send (the old one stops working). */
export function CopyInvitationLinkButton({ invitation }: { invitation: Invitation }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [link, setLink] = useState<CreatedInvitationLink | null>(null);
  const form = useActionForm(reissueInvitationLinkAction, {
    onSuccess: ({ data }) => {
      setLink(data);
      router.refresh();
    },
  });
  return (
    <NewLinkDialog
      trigger={
        <Button variant="outline" size="sm" aria-label={`Copy a new link for ${invitation.email}`}>
          Copy link
        </Button>
      }
      title={`Make a new link for ${invitation.email}?`}
      description={`${WHY_NEW} A new link, valid ${INVITATION_VALID_DAYS} days, replaces it: the link sent before stops working. Nothing is emailed.`}
      confirmLabel="Make new link"
      pendingLabel="Making link…"
      submit={() => form.submit({ invitationId: invitation.id })}
      isPending={form.isPending}
      error={form.formError}
      link={link}
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        form.reset();
        if (!next) setLink(null);
      }}
    />
  );
}

/** Resend: the invitation emailed again with a new link (the old one stops working). */
export function ResendInvitationButton({ invitation }: { invitation: Invitation }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [link, setLink] = useState<CreatedInvitationLink | null>(null);
  const form = useActionForm(resendInvitationAction, {
    onSuccess: ({ data, message }) => {
      router.refresh();
      if (data.emailed === "failed") {
        setLink(data);
        return;
      }
      setOpen(false);
      toast({ variant: "success", title: "Invitation resent", description: message });
    },
  });
  return (
    <NewLinkDialog
      trigger={
        <Button
          variant="outline"
          size="sm"
          aria-label={`Resend the invitation to ${invitation.email}`}
        >
          Resend
        </Button>
      }
      title={`Resend the invitation to ${invitation.email}?`}
      description={`${WHY_NEW} We email a new link, valid ${INVITATION_VALID_DAYS} days; the link sent before stops working.`}
      confirmLabel="Resend invitation"
      pendingLabel="Sending…"
      submit={() => form.submit({ invitationId: invitation.id })}
      isPending={form.isPending}
      error={form.formError}
      link={link}
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        form.reset();
        if (!next) setLink(null);
      }}
    />
  );
}
