import type { Metadata } from "next";
import { ChangePasswordForm } from "@/components/account/change-password-form";
import { PasskeysSection } from "@/components/security/passkeys-section";
import { SessionsSection } from "@/components/security/sessions-section";
import { TwoFactorSettings } from "@/components/security/two-factor-settings";
import { listPasskeys } from "@/lib/services/passkeys/manage-passkeys";
import { passkeysAvailable } from "@/lib/services/passkeys/relying-party";
import { listSessions } from "@/lib/services/sessions/records";
import { getTwoFactorSettings } from "@/lib/services/users/two-factor-settings";
import { requireSessionContext } from "@/lib/session/session";

export const metadata: Metadata = { title: "Security" };

export default async function SecurityPage() {
  // Open while an organization's two-factor policy is unmet: this is where it is set up.
  const session = await requireSessionContext({ beforeTwoFactorSetup: true });
  const { user, sessionId } = session;
  const passkeys = await listPasskeys(user.id);
  const sessions = await listSessions(user.id, sessionId);
  const twoFactor = await getTwoFactorSettings(user.id);

  return (
    <div className="grid max-w-xl gap-6">
      <div className="grid gap-1.5">
        <h1 className="font-semibold text-2xl tracking-tight">Security</h1>
        <p className="text-muted-foreground text-sm">
          Signed in as <span className="font-medium text-foreground">{user.email}</span>.
        </p>
      </div>
      <section aria-labelledby="change-password-heading" className="grid gap-3">
        <div className="grid gap-1">
          <h2 id="change-password-heading" className="font-medium text-lg">
            Change password
          </h2>
          <p className="text-muted-foreground text-sm">
            Changing your password signs out every other browser and device. You stay signed in
            here.
          </p>
        </div>
        <ChangePasswordForm />
      </section>
      <TwoFactorSettings session={session} settings={twoFactor} />
      <PasskeysSection passkeys={passkeys} available={passkeysAvailable()} />
      <SessionsSection sessions={sessions} />
    </div>
  );
}
