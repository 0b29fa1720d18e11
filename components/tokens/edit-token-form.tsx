"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { FormError } from "@/components/forms/form-error";
import { UnsavedChangesGuard } from "@/components/forms/unsaved-changes-guard";
import type { DomainChoice } from "@/components/tokens/domains-field";
import { type TokenFormField, TokenFormFields } from "@/components/tokens/token-form-fields";
import { useTokenForm } from "@/components/tokens/use-token-form";
import { Button } from "@/components/ui/button";
import { LoaderIcon } from "@/components/ui/icons";
import { StatusMessage } from "@/components/ui/status-message";
import { updateTokenAction } from "@/lib/actions/tokens";
import { earliestAllowedExpirationDate } from "@/lib/auth/token-expiry";
import type { TokenLifetimePolicy } from "@/lib/auth/token-lifetime-policy";
import { TOKEN_FORM_FIELDS, type TokenFormValues } from "@/lib/validations/token-form";

const ID_PREFIX = "edit-token";

/**
 * Edits a token's name, description, allowlist and expiration date with the same fields and
 * validation as the create dialog. The token value itself can never be changed or shown.
 * `readOnlyFields` (an expired token's date and allowlist) are shown with their reason and
 * submitted unchanged; the server enforces the same rule.
 */
export function EditTokenForm({
  tokenId,
  initialValues,
  readOnlyFields,
  lifetimePolicy = null,
  domains,
  savedValues: serverValues,
  idPrefix = ID_PREFIX,
  onSaved,
}: {
  tokenId: string;
  /** The organization's domains, for the Domains choice. */
  domains?: readonly DomainChoice[];
  initialValues: TokenFormValues;
  /**
   * What the server holds, when the form opens with a proposed change already made (the
   * Access advisor's "Reduce to what it used"); omitted: `initialValues`.
   */
  savedValues?: TokenFormValues;
  /** For a second form on the same page (a dialog), so that ids stay unique. */
  idPrefix?: string;
  onSaved?: () => void;
  readOnlyFields?: Partial<Record<TokenFormField, string>>;
  /** The organization's maximum token lifetime: a changed date must keep to it. */
  lifetimePolicy?: TokenLifetimePolicy;
}) {
  const router = useRouter();
  // What the server holds, to tell unsaved edits apart and to discard them.
  const [savedValues, setSavedValues] = useState(serverValues ?? initialValues);
  const [justSaved, setJustSaved] = useState(false);

  const form = useTokenForm({
    initialValues,
    // Keeping the current date is allowed even once it has passed (renaming an expired
    // token); only a newly chosen date must be after today.
    validationOptions: { currentExpiresOn: savedValues.expiresOn || null },
    lifetimePolicy,
    action: updateTokenAction,
    onSuccess: () => {
      setSavedValues(form.values);
      setJustSaved(true);
      router.refresh();
      onSaved?.();
    },
  });

  const dirty = TOKEN_FORM_FIELDS.some((field) => form.values[field] !== savedValues[field]);

  return (
    <form
      {...form.formProps}
      onSubmit={(event) => {
        if (dirty) form.formProps.onSubmit(event);
        else event.preventDefault();
      }}
      className="grid gap-5"
    >
      <input type="hidden" name="tokenId" value={tokenId} />
      <UnsavedChangesGuard when={dirty && !form.isPending} />
      <FormError message={form.formError} />

      <TokenFormFields
        idPrefix={idPrefix}
        values={form.values}
        onChange={(field, value) => {
          setJustSaved(false);
          form.setValue(field, value);
        }}
        errors={form.errors}
        minExpirationDate={earliestAllowedExpirationDate(new Date())}
        lifetimePolicy={lifetimePolicy}
        readOnlyFields={readOnlyFields}
        domains={domains}
      />

      {/* Sticky: on screen whenever the form is, however long its fields (CardContent's
          padding is px-6 pb-6, which the bar spans). */}
      <div className="-mx-6 -mb-6 sticky bottom-0 z-10 flex flex-wrap items-center gap-3 rounded-b-xl border-t bg-card px-6 py-4">
        <Button type="submit" aria-disabled={form.isPending || !dirty || undefined}>
          {form.isPending ? <LoaderIcon /> : null}
          {form.isPending ? "Saving…" : "Save changes"}
        </Button>
        {dirty && !form.isPending ? (
          <Button
            variant="ghost"
            onClick={() => {
              form.reset(savedValues);
              setJustSaved(false);
            }}
          >
            Discard changes
          </Button>
        ) : null}
        <StatusMessage>{justSaved && !dirty ? "Changes saved" : ""}</StatusMessage>
        {dirty && !form.isPending ? (
          <span className="text-muted-foreground text-xs">You have unsaved changes.</span>
        ) : null}
      </div>
    </form>
  );
}
