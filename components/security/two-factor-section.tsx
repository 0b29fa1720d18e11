"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { FormError } from "@/components/forms/form-error";
import { PendingButton } from "@/components/forms/pending-button";
import { useActionForm } from "@/components/forms/use-action-form";
import { DateWithTitle } from "@/components/time/relative-time";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { toast } from "@/components/ui/toast";
import { beginTotpSetupAction, regenerateRecoveryCodesAction } from "@/lib/actions/two-factor";
import { plural } from "@/lib/plural";
import { RecoveryCodes } from "./recovery-codes";
import { TotpSetup, type TotpSetupData } from "./totp-setup";
import { ConfirmActionButton, TurnOffTwoFactorButton } from "./two-factor-dialogs";

export interface TwoFactorSectionProps {
  enabled: boolean;
  /** The person has a passkey: a second factor of its own. */
  passkeys: boolean;
  /** ISO date the authenticator app was set up, when it is. */
  totpEnabledAt: string | null;
  recoveryCodesLeft: number;
  /** The current organization requires two-factor and the person has none yet. */
  requiredByOrganization: string | null;
}

/** Settings → Security → Two-factor authentication: set up, regenerate codes, turn off. */
export function TwoFactorSection(props: TwoFactorSectionProps) {
  const router = useRouter();
  const [setup, setSetup] = useState<TotpSetupData | null>(null);
  const [codes, setCodes] = useState<string[] | null>(null);
  const begin = useActionForm(beginTotpSetupAction, {
    onSuccess: (result) => setSetup(result.data),
  });
  const regenerate = useActionForm(regenerateRecoveryCodesAction, {
    onSuccess: (result) => setCodes(result.data.recoveryCodes),
  });

  if (codes) {
    return (
      <RecoveryCodes
        codes={codes}
        onDone={() => {
          setCodes(null);
          router.refresh();
        }}
      />
    );
  }
  if (setup) {
    return (
      <TotpSetup
        setup={setup}
        onCancel={() => setSetup(null)}
        onEnabled={(recoveryCodes) => {
          setSetup(null);
          setCodes(recoveryCodes);
          toast({ variant: "success", title: "Two-factor authentication is on" });
        }}
      />
    );
  }

  if (!props.enabled) {
    return (
      <div className="grid gap-4 rounded-xl border bg-card p-6 shadow-xs">
        {props.requiredByOrganization ? (
          <Alert variant="warning">
            <AlertTitle>
              {props.requiredByOrganization} requires two-factor authentication
            </AlertTitle>
            <AlertDescription>
              Set it up to continue working in this organization. You can still switch organization
              or sign out.
            </AlertDescription>
          </Alert>
        ) : null}
        <p className="text-sm">
          <Badge variant="muted">Off</Badge>{" "}
          <span className="text-muted-foreground">
            Signing in needs only your password. With two-factor authentication it also needs a code
            from an app on your phone, or one of your passkeys, so a stolen password is not enough.
          </span>
        </p>
        <FormError message={begin.formError} />
        <div>
          <PendingButton
            type="button"
            pending={begin.isPending}
            pendingLabel="Preparing…"
            onClick={() => begin.submit({})}
          >
            Set up authenticator app
          </PendingButton>
        </div>
      </div>
    );
  }

  const app = props.totpEnabledAt !== null;
  return (
    <div className="grid gap-4 rounded-xl border bg-card p-6 shadow-xs">
      <p className="text-sm">
        <Badge variant="success">On</Badge>{" "}
        <span className="text-muted-foreground">
          {props.totpEnabledAt ? (
            <>
              Authenticator app, set up <DateWithTitle date={new Date(props.totpEnabledAt)} />.
              Signing in asks for a code from it
              {props.passkeys ? ", or one of your passkeys." : "."}
            </>
          ) : (
            <>
              With your passkeys: signing in with your password asks for one of them. To turn
              two-factor authentication off, remove your passkeys.
            </>
          )}
        </span>
      </p>
      <p className="text-sm" data-testid="recovery-codes-left">
        {props.recoveryCodesLeft === 0 && !app
          ? "Recovery codes: none yet. Generate them, so that losing your passkeys does not lock you out."
          : `Recovery codes: ${props.recoveryCodesLeft} ${plural(props.recoveryCodesLeft, "code")} left.${props.recoveryCodesLeft <= 3 ? " Regenerate them before you run out." : ""}`}
      </p>
      <FormError message={regenerate.formError ?? begin.formError} />
      <div className="flex flex-wrap gap-2">
        {app ? null : (
          <PendingButton
            type="button"
            variant="outline"
            pending={begin.isPending}
            pendingLabel="Preparing…"
            onClick={() => begin.submit({})}
          >
            Set up authenticator app
          </PendingButton>
        )}
        <ConfirmActionButton
          {...(props.recoveryCodesLeft === 0 && !app
            ? {
                label: "Generate recovery codes",
                title: "Generate recovery codes?",
                description:
                  "You get ten codes, shown once. Each signs you in once when you cannot use a passkey.",
                confirmLabel: "Generate",
              }
            : {
                label: "Regenerate recovery codes",
                title: "Regenerate recovery codes?",
                description: "You get ten new codes. The ones you have now stop working at once.",
                confirmLabel: "Regenerate",
              })}
          pending={regenerate.isPending}
          onConfirm={() => regenerate.submit({})}
        />
        {app ? <TurnOffTwoFactorButton passkeys={props.passkeys} /> : null}
      </div>
    </div>
  );
}
