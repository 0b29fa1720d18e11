"use client";

import { useRouter } from "next/navigation";
import { RadioGroup } from "radix-ui";
import type * as React from "react";
import { useId, useRef, useState } from "react";
import { FormError } from "@/components/forms/form-error";
import { PendingButton } from "@/components/forms/pending-button";
import { useActionForm } from "@/components/forms/use-action-form";
import { formatUtcDateTime } from "@/components/time/format";
import { type DomainChoice, DomainsField } from "@/components/tokens/domains-field";
import { ExpirationHint, ExpirationPresets } from "@/components/tokens/expiration-hint";
import { GraceOption } from "@/components/tokens/rotation/grace-option";
import { type RevealedToken, TokenRevealDialog } from "@/components/tokens/token-reveal-dialog";
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
import { Input } from "@/components/ui/input";
import { rotateTokenAction } from "@/lib/actions/tokens";
import { earliestAllowedExpirationDate } from "@/lib/auth/token-expiry";
import {
  defaultSuccessorExpiresOn,
  latestAllowedExpirationDate,
  type TokenLifetimePolicy,
} from "@/lib/auth/token-lifetime-policy";
import { ALL_DOMAINS_VALUE, domainIdsFormValue } from "@/lib/validations/token-form";
import {
  GRACE_PERIOD_OPTIONS,
  graceOutlastsExpiry,
  TOKEN_ROTATE_FAILED_MESSAGE,
} from "@/lib/validations/token-rotation";

export interface RotatableToken {
  id: string;
  name: string;
  lastFour: string;
  createdAt: Date;
  expiresAt: Date | null;
  /** Its domain selection (null: all), which the new token keeps unless changed here. */
  domainIds?: readonly string[] | null;
}

/**
 * The token page's Rotate button: a dialog choosing how long the old token keeps working,
 * then the one-time reveal of the new token. With `disabledReason` the button stays
 * focusable but inert, and the reason is its description.
 */
export function RotateTokenButton({
  token,
  disabledReason,
  lifetimePolicy = null,
  domains,
}: {
  token: RotatableToken;
  disabledReason: string | null;
  /** The organization's maximum token lifetime: the new token's date keeps to it. */
  lifetimePolicy?: TokenLifetimePolicy;
  /** The organization's domains, to change the new token's domain selection. */
  domains?: readonly DomainChoice[];
}) {
  const reasonId = useId();
  const buttonRef = useRef<HTMLButtonElement>(null);
  const [open, setOpen] = useState(false);
  const [revealed, setRevealed] = useState<RevealedToken | null>(null);

  // The reveal stays in place (second child) when the refreshed page disables the button:
  // the rotated token can no longer be rotated, but its successor is still being shown.
  return (
    <>
      {disabledReason ? (
        <div className="grid max-w-56 justify-items-end gap-1">
          <Button ref={buttonRef} variant="outline" aria-disabled aria-describedby={reasonId}>
            Rotate
          </Button>
          <p id={reasonId} className="text-right text-muted-foreground text-xs">
            {disabledReason}
          </p>
        </div>
      ) : (
        <Dialog open={open} onOpenChange={setOpen}>
          <DialogTrigger asChild>
            <Button ref={buttonRef} variant="outline">
              Rotate
            </Button>
          </DialogTrigger>
          {open ? (
            <RotateForm
              token={token}
              lifetimePolicy={lifetimePolicy}
              domains={domains}
              onCancel={() => setOpen(false)}
              onRotated={(next) => {
                setOpen(false);
                setRevealed(next);
              }}
            />
          ) : null}
        </Dialog>
      )}
      <TokenRevealDialog
        revealed={revealed}
        onClose={() => {
          setRevealed(null);
          window.setTimeout(() => buttonRef.current?.focus(), 0);
        }}
      />
    </>
  );
}

function RotateForm({
  token,
  lifetimePolicy,
  domains,
  onCancel,
  onRotated,
}: {
  token: RotatableToken;
  lifetimePolicy: TokenLifetimePolicy;
  domains?: readonly DomainChoice[];
  onCancel: () => void;
  onRotated: (revealed: RevealedToken) => void;
}) {
  const router = useRouter();
  const formId = useId();
  const [now] = useState(() => new Date());
  const [grace, setGrace] = useState(String(GRACE_PERIOD_OPTIONS[1].seconds));
  const [expireOnFirstUse, setExpireOnFirstUse] = useState(false);
  // The new token's lifetime: the old one's from today, within the policy (the service
  // refuses a date beyond it with the policy's message, shown under the field).
  const [expiresOn, setExpiresOn] = useState(
    () => defaultSuccessorExpiresOn(token, lifetimePolicy, now) ?? "",
  );
  // The new token keeps the old one's domains unless they are changed here.
  const [domainIds, setDomainIds] = useState(() => domainIdsFormValue(token.domainIds ?? null));
  const form = useActionForm(rotateTokenAction, {
    fields: ["expiresOn", "domainIds"],
    failureMessage: TOKEN_ROTATE_FAILED_MESSAGE,
    onSuccess: ({ data }) => {
      onRotated(data);
      // The page behind the reveal now shows the old token as rotated.
      router.refresh();
    },
  });
  const maxDate = lifetimePolicy === null ? null : latestAllowedExpirationDate(lifetimePolicy, now);
  const immediately = grace === "0";
  const beyondExpiry = (seconds: number) =>
    seconds > 0 && graceOutlastsExpiry(now, seconds, token.expiresAt);
  // The default (1 hour) may itself be past a token that expires sooner.
  const chosen = beyondExpiry(Number(grace)) ? "0" : grace;

  function rotate(event: React.FormEvent) {
    event.preventDefault();
    if (form.isPending) return;
    form.submit({
      tokenId: token.id,
      gracePeriodSeconds: Number(chosen),
      expireOnFirstUse: chosen !== "0" && expireOnFirstUse,
      expiresOn: expiresOn.trim() === "" ? null : expiresOn.trim(),
      ...(domains && {
        domainIds:
          domainIds.trim() === ALL_DOMAINS_VALUE
            ? null
            : domainIds.split(/\s+/).filter((id) => id !== ""),
      }),
    });
  }

  return (
    <DialogContent
      className="max-w-lg"
      onInteractOutside={(event) => form.isPending && event.preventDefault()}
      onEscapeKeyDown={(event) => form.isPending && event.preventDefault()}
    >
      <form ref={form.formProps.ref} onSubmit={rotate} noValidate className="grid gap-5">
        <DialogHeader>
          <DialogTitle>Rotate &ldquo;{token.name}&rdquo;?</DialogTitle>
          <DialogDescription>
            A new token replaces{" "}
            <code className="font-mono text-foreground">…{token.lastFour}</code> with the same name,
            description, permissions and IP allowlist, and the expiration date you choose below. You
            will see the new token once, right after.
          </DialogDescription>
        </DialogHeader>

        <FormError message={form.formError} />

        <div className="grid gap-2">
          <p id={`${formId}-grace`} className="font-medium text-sm">
            How long the old token keeps working
          </p>
          <RadioGroup.Root
            value={chosen}
            onValueChange={setGrace}
            className="grid gap-1.5"
            aria-labelledby={`${formId}-grace`}
          >
            {GRACE_PERIOD_OPTIONS.map((option) => (
              <GraceOption
                key={option.seconds}
                seconds={option.seconds}
                label={option.label}
                disabledReason={
                  beyondExpiry(option.seconds) && token.expiresAt
                    ? `Past this token's expiry (${formatUtcDateTime(token.expiresAt)})`
                    : null
                }
              />
            ))}
          </RadioGroup.Root>
        </div>

        <FormField
          id={`${formId}-expiresOn`}
          label="New token's expiration date"
          optional={lifetimePolicy === null}
          required={lifetimePolicy !== null}
          error={form.fieldErrors.expiresOn}
          showAllErrors
          hint={
            <ExpirationHint
              value={expiresOn}
              minDate={earliestAllowedExpirationDate(now)}
              maxDate={maxDate}
              policy={lifetimePolicy}
            />
          }
          hintLive
          footer={
            <ExpirationPresets value={expiresOn} policy={lifetimePolicy} onSelect={setExpiresOn} />
          }
        >
          <Input
            name="expiresOn"
            type="date"
            value={expiresOn}
            min={earliestAllowedExpirationDate(now)}
            max={maxDate ?? undefined}
            onChange={(event) => setExpiresOn(event.currentTarget.value)}
            className="w-44"
          />
        </FormField>

        {domains ? (
          <DomainsField
            idPrefix={`${formId}-rotate`}
            value={domainIds}
            onChange={setDomainIds}
            domains={domains}
            error={form.fieldErrors.domainIds}
            disabled={form.isPending}
          />
        ) : null}

        <label className="flex items-start gap-2.5 text-sm has-disabled:opacity-60">
          <input
            type="checkbox"
            name="expireOnFirstUse"
            checked={!immediately && expireOnFirstUse}
            disabled={immediately}
            onChange={(event) => setExpireOnFirstUse(event.currentTarget.checked)}
            className="mt-0.5 size-4 accent-primary focus-visible:outline-2 focus-visible:outline-ring focus-visible:outline-offset-2"
          />
          <span className="grid gap-0.5">
            <span className="font-medium">Expire the old token as soon as the new one is used</span>
            <span className="text-muted-foreground text-xs">
              The first request made with the new token ends the grace period at once.
            </span>
          </span>
        </label>

        <DialogFooter>
          <Button variant="outline" onClick={onCancel} disabled={form.isPending}>
            Cancel
          </Button>
          <PendingButton type="submit" pending={form.isPending} pendingLabel="Rotating…">
            Rotate token
          </PendingButton>
        </DialogFooter>
      </form>
    </DialogContent>
  );
}
