"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { FormError } from "@/components/forms/form-error";
import { PendingButton } from "@/components/forms/pending-button";
import { useActionForm } from "@/components/forms/use-action-form";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
  DialogTrigger,
} from "@/components/ui/dialog";
import { FieldError, FormField } from "@/components/ui/form-field";
import { PlusIcon } from "@/components/ui/icons";
import { Input } from "@/components/ui/input";
import { createWebhookAction } from "@/lib/actions/webhooks";
import { WEBHOOK_EVENT_TYPES, WEBHOOK_EVENTS, type WebhookEventType } from "@/lib/webhooks/events";
import { type RevealedSecret, SecretRevealDialog } from "./secret-reveal-dialog";

/** Add endpoint: URL, description and event types; then the secret, shown once. */
export function AddWebhookDialog() {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [revealed, setRevealed] = useState<RevealedSecret | null>(null);
  const [eventTypes, setEventTypes] = useState<WebhookEventType[]>([
    "token.created",
    "token.revoked",
    "token.exposed",
  ]);
  const form = useActionForm(createWebhookAction, {
    fields: ["url", "description", "eventTypes"],
    onSuccess: ({ data }) => {
      setOpen(false);
      setRevealed({ ...data, rotated: false });
      router.refresh();
    },
  });

  function toggle(type: WebhookEventType, checked: boolean) {
    setEventTypes((current) =>
      checked ? [...current, type] : current.filter((existing) => existing !== type),
    );
  }

  return (
    <>
      <Dialog
        open={open}
        onOpenChange={(next) => {
          if (form.isPending) return;
          if (!next) form.reset();
          setOpen(next);
        }}
      >
        <DialogTrigger asChild>
          <Button>
            <PlusIcon />
            Add endpoint
          </Button>
        </DialogTrigger>
        <DialogContent className="max-h-[90dvh] max-w-xl overflow-y-auto">
          <DialogHeader>
            <DialogTitle>Add a webhook endpoint</DialogTitle>
            <DialogDescription>
              MailShield POSTs each chosen event to this URL as JSON, signed per Standard Webhooks.
            </DialogDescription>
          </DialogHeader>
          <form
            className="grid gap-4"
            noValidate
            onSubmit={(event) => {
              event.preventDefault();
              const data = new FormData(event.currentTarget);
              form.submit({
                url: String(data.get("url") ?? ""),
                description: String(data.get("description") ?? ""),
                eventTypes,
              });
            }}
          >
            <FormError message={form.formError} />
            <FormField
              label="Endpoint URL"
              required
              error={form.fieldErrors.url}
              hint="https:// on a public address."
            >
              <Input
                name="url"
                type="url"
                inputMode="url"
                autoComplete="off"
                placeholder="https://example.com/webhooks/mailshield"
                defaultValue={form.values.url}
              />
            </FormField>
            <FormField label="Description" optional error={form.fieldErrors.description}>
              <Input name="description" maxLength={500} defaultValue={form.values.description} />
            </FormField>
            <fieldset className="grid gap-2" aria-describedby="webhook-events-error">
              <legend className="mb-1 font-medium text-sm">Events</legend>
              {WEBHOOK_EVENT_TYPES.map((type) => (
                <div key={type} className="flex items-start gap-2 text-sm">
                  <Checkbox
                    id={`webhook-event-${type}`}
                    className="mt-0.5"
                    name="eventTypes"
                    value={type}
                    checked={eventTypes.includes(type)}
                    onChange={(event) => toggle(type, event.currentTarget.checked)}
                  />
                  <label htmlFor={`webhook-event-${type}`} className="min-w-0">
                    <code className="font-mono text-xs">{type}</code>
                    <span className="block text-muted-foreground text-xs">
                      {WEBHOOK_EVENTS[type]}
                    </span>
                  </label>
                </div>
              ))}
              <FieldError id="webhook-events-error">{form.fieldErrors.eventTypes?.[0]}</FieldError>
            </fieldset>
            <DialogFooter>
              <PendingButton type="submit" pending={form.isPending} pendingLabel="Adding…">
                Add endpoint
              </PendingButton>
            </DialogFooter>
          </form>
        </DialogContent>
      </Dialog>
      <SecretRevealDialog revealed={revealed} onClose={() => setRevealed(null)} />
    </>
  );
}
