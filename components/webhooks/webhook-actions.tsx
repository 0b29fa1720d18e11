"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { FormError } from "@/components/forms/form-error";
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
import { LoaderIcon } from "@/components/ui/icons";
import { toast } from "@/components/ui/toast";
import {
  deleteWebhookAction,
  rotateWebhookSecretAction,
  sendTestEventAction,
  setWebhookEnabledAction,
} from "@/lib/actions/webhooks";
import { type RevealedSecret, SecretRevealDialog } from "./secret-reveal-dialog";

// The endpoint page's controls: Send test event, Rotate secret, Disable/Enable, Delete.
// The two that cannot be undone (rotate, delete) ask first.

export interface WebhookActionsProps {
  webhook: { id: string; url: string; enabled: boolean };
}

export function WebhookActions({ webhook }: WebhookActionsProps) {
  const router = useRouter();
  const [revealed, setRevealed] = useState<RevealedSecret | null>(null);
  const sendTest = useActionForm(sendTestEventAction, {
    onSuccess: () => {
      toast({
        variant: "success",
        title: "Test event queued",
        description: "It appears in the delivery log below within a few seconds.",
      });
      router.refresh();
    },
  });
  const toggle = useActionForm(setWebhookEnabledAction, {
    onSuccess: () => {
      toast({
        variant: "success",
        title: webhook.enabled ? "Endpoint disabled" : "Endpoint enabled",
      });
      router.refresh();
    },
  });

  return (
    <div className="grid gap-2">
      <div className="flex flex-wrap gap-2">
        <Button
          variant="outline"
          disabled={!webhook.enabled}
          aria-disabled={sendTest.isPending || undefined}
          onClick={() => {
            if (!sendTest.isPending) sendTest.submit({ webhookId: webhook.id });
          }}
        >
          {sendTest.isPending ? <LoaderIcon /> : null}
          Send test event
        </Button>
        <ConfirmButton
          label="Rotate secret"
          title="Rotate the signing secret?"
          description="A new secret is shown once. For 24 hours deliveries carry signatures made with both the old and the new secret, so your receiver keeps working while you update it."
          confirmLabel="Rotate secret"
          action={rotateWebhookSecretAction}
          input={{ webhookId: webhook.id }}
          onDone={(data) => {
            const { webhookId, url, secret } = data as {
              webhookId: string;
              url: string;
              secret: string;
            };
            setRevealed({ webhookId, url, secret, rotated: true });
            router.refresh();
          }}
        />
        <Button
          variant="outline"
          aria-disabled={toggle.isPending || undefined}
          onClick={() => {
            if (!toggle.isPending)
              toggle.submit({ webhookId: webhook.id, enabled: !webhook.enabled });
          }}
        >
          {toggle.isPending ? <LoaderIcon /> : null}
          {webhook.enabled ? "Disable" : "Enable"}
        </Button>
        <ConfirmButton
          label="Delete"
          destructive
          title="Delete this endpoint?"
          description={`Events stop going to ${webhook.url} at once, and its delivery log is deleted. This cannot be undone.`}
          confirmLabel="Delete endpoint"
          action={deleteWebhookAction}
          input={{ webhookId: webhook.id }}
          onDone={() => {
            toast({ variant: "success", title: "Endpoint deleted" });
            router.push("/settings/webhooks");
          }}
        />
      </div>
      <FormError message={sendTest.formError ?? toggle.formError} />
      <SecretRevealDialog revealed={revealed} onClose={() => setRevealed(null)} />
    </div>
  );
}

function ConfirmButton({
  label,
  title,
  description,
  confirmLabel,
  destructive = false,
  action,
  input,
  onDone,
}: {
  label: string;
  title: string;
  description: string;
  confirmLabel: string;
  destructive?: boolean;
  action: typeof deleteWebhookAction | typeof rotateWebhookSecretAction;
  input: { webhookId: string };
  onDone: (data: unknown) => void;
}) {
  const [open, setOpen] = useState(false);
  const form = useActionForm(action as typeof rotateWebhookSecretAction, {
    onSuccess: ({ data }) => {
      setOpen(false);
      onDone(data);
    },
  });
  return (
    <AlertDialog
      open={open}
      onOpenChange={(next) => {
        if (form.isPending) return;
        if (!next) form.reset();
        setOpen(next);
      }}
    >
      <AlertDialogTrigger asChild>
        <Button
          variant="outline"
          className={
            destructive
              ? "border-destructive/40 text-destructive hover:bg-destructive/10 hover:text-destructive"
              : undefined
          }
        >
          {label}
        </Button>
      </AlertDialogTrigger>
      <AlertDialogContent>
        <AlertDialogHeader>
          <AlertDialogTitle>{title}</AlertDialogTitle>
          <AlertDialogDescription className="break-words">{description}</AlertDialogDescription>
        </AlertDialogHeader>
        <FormError message={form.formError} />
        <AlertDialogFooter>
          <AlertDialogCancel disabled={form.isPending}>Cancel</AlertDialogCancel>
          <Button
            variant={destructive ? "destructive" : "default"}
            aria-disabled={form.isPending || undefined}
            onClick={() => {
              if (!form.isPending) form.submit(input);
            }}
          >
            {form.isPending ? <LoaderIcon /> : null}
            {confirmLabel}
          </Button>
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}
