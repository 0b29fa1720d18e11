"use client";

import { useEffect, useRef } from "react";
import { FormError } from "@/components/forms/form-error";
import { PendingButton } from "@/components/forms/pending-button";
import { useActionForm } from "@/components/forms/use-action-form";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { confirmTotpSetupAction } from "@/lib/actions/two-factor";
import { fieldErrorsOf } from "@/lib/validations/forms";
import { confirmTotpSchema } from "@/lib/validations/two-factor";

export interface TotpSetupData {
  setupKey: string;
  /** An SVG data URL of the otpauth:// URI. */
  qrCode: string;
}

/**
 * The authenticator app's setup: scan the QR code (or type the setup key), then enter the
 * code the app shows to turn two-factor on.
 */
export function TotpSetup({
  setup,
  onEnabled,
  onCancel,
}: {
  setup: TotpSetupData;
  onEnabled: (recoveryCodes: string[]) => void;
  onCancel: () => void;
}) {
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => headingRef.current?.focus(), []);
  const form = useActionForm(confirmTotpSetupAction, {
    fields: ["code"],
    validate: (formData) => fieldErrorsOf(confirmTotpSchema, formData),
    onSuccess: (result) => onEnabled(result.data.recoveryCodes),
  });

  return (
    <section
      aria-labelledby="totp-setup-heading"
      className="grid gap-4 rounded-xl border bg-card p-6 shadow-xs"
    >
      <h3
        id="totp-setup-heading"
        ref={headingRef}
        tabIndex={-1}
        className="font-medium focus:outline-none"
      >
        Set up your authenticator app
      </h3>
      <ol className="grid list-decimal gap-4 pl-5 text-sm">
        <li className="grid gap-3">
          <p>
            Scan this QR code with an authenticator app (1Password, Google Authenticator, Microsoft
            Authenticator, Authy…).
          </p>
          {/* biome-ignore lint/performance/noImgElement: a data URL made on the server; next/image adds nothing */}
          <img
            src={setup.qrCode}
            alt="QR code for your authenticator app. If you cannot scan it, use the setup key below."
            width={176}
            height={176}
            className="rounded-md border bg-white p-1"
          />
        </li>
        <li className="grid gap-2">
          <p>Or type the setup key into the app instead:</p>
          <div className="flex flex-wrap items-center gap-2">
            <span className="font-medium">Setup key</span>
            <code
              data-testid="setup-key"
              className="break-all rounded-md bg-muted px-2 py-1 font-mono text-sm"
            >
              {setup.setupKey}
            </code>
            <CopyButton text={setup.setupKey.replace(/\s/g, "")} label="Copy key" size="sm" />
          </div>
        </li>
        <li className="grid gap-3">
          <p>Enter the 6-digit code the app shows.</p>
          <FormError message={form.formError} />
          <form {...form.formProps} className="grid gap-4">
            <FormField label="Authentication code" error={form.fieldErrors.code}>
              <Input
                name="code"
                autoComplete="one-time-code"
                inputMode="numeric"
                spellCheck={false}
                maxLength={7}
                className="max-w-40"
                required
              />
            </FormField>
            <div className="flex flex-wrap gap-2">
              <PendingButton type="submit" pending={form.isPending} pendingLabel="Turning on…">
                Turn on
              </PendingButton>
              <Button type="button" variant="outline" onClick={onCancel} disabled={form.isPending}>
                Cancel
              </Button>
            </div>
          </form>
        </li>
      </ol>
    </section>
  );
}
