"use client";

import { useRouter } from "next/navigation";
import type * as React from "react";
import { createContext, use, useRef, useState } from "react";
import { FormError } from "@/components/forms/form-error";
import { PendingButton } from "@/components/forms/pending-button";
import type { DomainChoice } from "@/components/tokens/domains-field";
import { addDaysToDateInput } from "@/components/tokens/format";
import { TokenFormFields } from "@/components/tokens/token-form-fields";
import { type RevealedToken, TokenRevealDialog } from "@/components/tokens/token-reveal-dialog";
import { TokenTemplatePicker } from "@/components/tokens/token-template-picker";
import { useTokenForm } from "@/components/tokens/use-token-form";
import { Button, type ButtonProps } from "@/components/ui/button";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from "@/components/ui/dialog";
import { PlusIcon } from "@/components/ui/icons";
import { createTokenAction } from "@/lib/actions/tokens";
import { earliestAllowedExpirationDate } from "@/lib/auth/token-expiry";
import type { TokenLifetimePolicy } from "@/lib/auth/token-lifetime-policy";
import {
  suggestedLifetimeDays,
  TOKEN_TEMPLATES,
  type TokenTemplateId,
} from "@/lib/rules/token-templates";
import { EMPTY_TOKEN_FORM_VALUES } from "@/lib/validations/token-form";

const ID_PREFIX = "create-token";

/** Opens the create dialog; null where the viewer may not create tokens. */
const CreateTokenContext = createContext<((opener: HTMLElement | null) => void) | null>(null);

/**
 * Owns the create dialog and the one-time reveal that follows it. It sits above the page
 * content so that every Create button (header, empty state) opens the same dialog, and so
 * that the reveal survives the list re-rendering (the empty state disappearing) once the
 * new token arrives.
 */
export function CreateTokenProvider({
  lifetimePolicy = null,
  domains,
  children,
}: {
  /** The organization's maximum token lifetime: the date field keeps to it. */
  lifetimePolicy?: TokenLifetimePolicy;
  /** The organization's domains, for the Domains choice. */
  domains?: readonly DomainChoice[];
  children: React.ReactNode;
}) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [revealed, setRevealed] = useState<RevealedToken | null>(null);
  const [template, setTemplate] = useState<TokenTemplateId | null>(null);
  const openerRef = useRef<HTMLElement | null>(null);

  const form = useTokenForm({
    initialValues: EMPTY_TOKEN_FORM_VALUES,
    lifetimePolicy,
    action: createTokenAction,
    onSuccess: ({ data }) => {
      setRevealed({
        token: data.token,
        tokenId: data.tokenId,
        name: form.values.name.trim(),
        testUrl: data.testUrl,
      });
      setOpen(false);
      form.reset(EMPTY_TOKEN_FORM_VALUES);
      setTemplate(null);
      router.refresh();
    },
  });

  // A template fills the permissions and the suggested expiry; the rest stays as typed.
  function chooseTemplate(next: TokenTemplateId | null) {
    setTemplate(next);
    if (!next) return;
    const chosen = TOKEN_TEMPLATES[next];
    form.setFields({
      scopes: chosen.scopes.join(" "),
      expiresOn: addDaysToDateInput(new Date(), suggestedLifetimeDays(chosen, lifetimePolicy)),
    });
  }

  function openDialog(opener: HTMLElement | null) {
    openerRef.current = opener;
    setOpen(true);
  }

  function returnFocus() {
    // The opener may be gone (the empty state's button once a token exists); the header's
    // Create button is always there while the viewer can create tokens.
    const opener = openerRef.current?.isConnected ? openerRef.current : null;
    (opener ?? document.querySelector<HTMLElement>("[data-create-token-button]"))?.focus();
  }

  return (
    <CreateTokenContext value={openDialog}>
      {children}
      <Dialog
        open={open}
        onOpenChange={(next) => {
          // A create in flight finishes in the background; its token is still revealed.
          setOpen(next);
        }}
      >
        <DialogContent
          className="max-w-xl"
          onCloseAutoFocus={(event) => {
            event.preventDefault();
            if (!revealed) returnFocus();
          }}
        >
          <form {...form.formProps} className="grid gap-5">
            <DialogHeader>
              <DialogTitle>Create API token</DialogTitle>
              <DialogDescription>
                A token lets a script or integration call the MailShield API for your organization,
                with only the permissions you choose below. It is shown once, right after it is
                created.
              </DialogDescription>
            </DialogHeader>

            <FormError message={form.formError} />

            <TokenTemplatePicker
              value={template}
              onChange={chooseTemplate}
              lifetimePolicy={lifetimePolicy}
            />
            <input type="hidden" name="template" value={template ?? ""} />

            <TokenFormFields
              idPrefix={ID_PREFIX}
              values={form.values}
              onChange={form.setValue}
              errors={form.errors}
              minExpirationDate={earliestAllowedExpirationDate(new Date())}
              lifetimePolicy={lifetimePolicy}
              allowlistSuggestion={template ? TOKEN_TEMPLATES[template].allowlistHint : undefined}
              domains={domains}
            />

            <DialogFooter>
              <Button variant="outline" onClick={() => setOpen(false)}>
                Cancel
              </Button>
              <PendingButton type="submit" pending={form.isPending} pendingLabel="Creating…">
                Create
              </PendingButton>
            </DialogFooter>
          </form>
        </DialogContent>
      </Dialog>

      <TokenRevealDialog
        revealed={revealed}
        onClose={() => {
          setRevealed(null);
          // Wait for the dialog to unmount before moving focus out of it.
          window.setTimeout(returnFocus, 0);
        }}
      />
    </CreateTokenContext>
  );
}

/** A button opening the create dialog; renders nothing where tokens cannot be created. */
export function CreateTokenButton({
  children = "Create Token",
  primary = false,
  ...props
}: Omit<ButtonProps, "onClick"> & {
  /** The page header's button, which receives focus back when the dialogs close. */
  primary?: boolean;
}) {
  const openDialog = use(CreateTokenContext);
  if (!openDialog) return null;
  return (
    <Button
      {...props}
      data-create-token-button={primary ? "" : undefined}
      onClick={(event) => openDialog(event.currentTarget)}
    >
      <PlusIcon />
      {children}
    </Button>
  );
}
