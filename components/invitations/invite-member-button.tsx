"use client";

import { useRouter } from "next/navigation";
import type * as React from "react";
import { useRef, useState } from "react";
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
import { FieldError, FormField } from "@/components/ui/form-field";
import { PlusIcon } from "@/components/ui/icons";
import { Input } from "@/components/ui/input";
import { RadioGroup, RadioOption } from "@/components/ui/radio-group";
import { type CreatedInvitationLink, createInvitationAction } from "@/lib/actions/invitations";
import { fieldErrorsOf } from "@/lib/validations/forms";
import {
  createInvitationSchema,
  INVITATION_ROLES,
  INVITATION_VALID_DAYS,
} from "@/lib/validations/invitations";

const FIELDS = ["email", "role"] as const;
const DEFAULT_ROLE = "MEMBER";

/**
 * "Invite member" and its dialog (owners): an email and a role, then the link to copy with
 * its expiry and whether it was emailed. The link is shown only here, once: leaving it
 * before copying asks first, and closing the dialog forgets it (Copy link on the pending
 * invitation makes a new one).
 */
export function InviteMemberButton(): React.ReactNode {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [role, setRole] = useState<string>(DEFAULT_ROLE);
  const [created, setCreated] = useState<CreatedInvitationLink | null>(null);
  const emailRef = useRef<HTMLInputElement>(null);
  const guard = useLinkCopyGuard();

  const form = useActionForm(createInvitationAction, {
    fields: FIELDS,
    validate: (formData) => fieldErrorsOf(createInvitationSchema, formData),
    onSuccess: ({ data }) => {
      setCreated(data);
      router.refresh();
    },
  });

  function startOver() {
    form.reset();
    guard.reset();
    setRole(DEFAULT_ROLE);
    setCreated(null);
  }

  function handleOpenChange(next: boolean) {
    setOpen(next);
    // Opening again starts from an empty form; the previous link is not kept.
    if (!next) startOver();
  }

  const close = () => handleOpenChange(false);

  return (
    <Dialog open={open} onOpenChange={created ? guardedClose(guard, close) : handleOpenChange}>
      <DialogTrigger asChild>
        <Button>
          <PlusIcon />
          Invite member
        </Button>
      </DialogTrigger>
      <DialogContent className="max-w-lg" showCloseButton={!guard.confirming}>
        {created ? (
          <InvitationLinkView
            created={created}
            guard={guard}
            onInviteAnother={() => {
              startOver();
              window.setTimeout(() => emailRef.current?.focus(), 0);
            }}
            onDone={close}
          />
        ) : (
          <form {...form.formProps} className="grid gap-5">
            <DialogHeader>
              <DialogTitle>Invite member</DialogTitle>
              <DialogDescription>
                You get a link to send them, valid for {INVITATION_VALID_DAYS} days and usable once.
                They sign in or create an account with this address to join.
              </DialogDescription>
            </DialogHeader>

            <FormError message={form.formError} />

            <FormField label="Email address" error={form.fieldErrors.email}>
              <Input
                ref={emailRef}
                name="email"
                type="email"
                inputMode="email"
                autoComplete="off"
                spellCheck={false}
                placeholder="name@example.com"
                defaultValue={form.values.email}
                autoFocus
              />
            </FormField>

            <fieldset className="grid gap-1.5">
              <legend id="invite-role-legend" className="mb-1.5 font-medium text-sm">
                Role
              </legend>
              <RadioGroup
                name="role"
                value={role}
                onValueChange={setRole}
                aria-labelledby="invite-role-legend"
                aria-invalid={form.fieldErrors.role?.length ? true : undefined}
              >
                {INVITATION_ROLES.map((option) => (
                  <RadioOption
                    key={option.value}
                    id={`invite-role-${option.value.toLowerCase()}`}
                    value={option.value}
                    label={option.label}
                    description={option.description}
                  />
                ))}
              </RadioGroup>
              {form.fieldErrors.role?.map((message) => (
                <FieldError key={message}>{message}</FieldError>
              ))}
            </fieldset>

            <DialogFooter>
              <Button variant="outline" onClick={() => handleOpenChange(false)}>
                Cancel
              </Button>
              <PendingButton
                type="submit"
                pending={form.isPending}
                pendingLabel="Creating invitation…"
              >
                Create invitation
              </PendingButton>
            </DialogFooter>
          </form>
        )}
      </DialogContent>
    </Dialog>
  );
}
