import type { TwoFactorSettings as Settings } from "@/lib/services/users/two-factor-settings";
import type { SessionContext } from "@/lib/session/session";
import { TwoFactorSection } from "./two-factor-section";

/** The Two-factor authentication section of Settings → Security, for the signed-in person. */
export function TwoFactorSettings({
  session,
  settings,
}: {
  session: SessionContext;
  /** The person's own second factors, as the page read them. */
  settings: Settings;
}) {
  return (
    <section id="two-factor" aria-labelledby="two-factor-heading" className="grid gap-3">
      <div className="grid gap-1">
        <h2 id="two-factor-heading" className="font-medium text-lg">
          Two-factor authentication
        </h2>
        <p className="text-muted-foreground text-sm">
          A second step after your password: a code from an authenticator app or one of your
          passkeys, with recovery codes for when you have neither.
        </p>
      </div>
      <TwoFactorSection
        enabled={settings.enabled}
        passkeys={settings.passkeys}
        totpEnabledAt={settings.totpEnabledAt?.toISOString() ?? null}
        recoveryCodesLeft={settings.recoveryCodesLeft}
        requiredByOrganization={session.twoFactorSetupRequired ? session.organization.name : null}
      />
    </section>
  );
}
