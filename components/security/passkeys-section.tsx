import type * as React from "react";
import { DateWithTitle, RelativeTime } from "@/components/time/relative-time";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import type { PasskeySummary } from "@/lib/services/passkeys/passkey-summary";
import { AddPasskeyButton } from "./add-passkey-button";
import { RemovePasskeyButton } from "./remove-passkey-button";

const HEADING_ID = "passkeys-heading";

/**
 * Settings → Security → Passkeys: the person's own passkeys (name, when added, when last
 * used) with Remove, and Add a passkey. A list rather than a table, so a row wraps on a phone.
 */
export function PasskeysSection({
  passkeys,
  available,
}: {
  /** The signed-in person's own passkeys, as the page read them. */
  passkeys: PasskeySummary[];
  /** Whether this deployment's public URL can be a relying party (not an IP address). */
  available: boolean;
}): React.ReactNode {
  return (
    <section aria-labelledby={HEADING_ID} className="grid gap-3">
      <div className="grid gap-1">
        <h2 id={HEADING_ID} className="font-medium text-lg">
          Passkeys
        </h2>
        <p className="text-muted-foreground text-sm">
          Sign in without a password, with your fingerprint, face, screen lock or a security key. A
          passkey only works on MailShield, so a look-alike site cannot use it. Signing in with your
          password then asks for a passkey too (two-factor authentication).
        </p>
      </div>
      {passkeys.length === 0 ? (
        <p className="text-muted-foreground text-sm">You have no passkeys yet.</p>
      ) : (
        <ul aria-label="Your passkeys" className="divide-y rounded-xl border bg-card shadow-xs">
          {passkeys.map((passkey) => (
            <li
              key={passkey.id}
              className="flex flex-wrap items-center justify-between gap-x-4 gap-y-2 px-4 py-3"
            >
              <div className="grid min-w-0 gap-1">
                <p className="flex flex-wrap items-center gap-2">
                  <span className="break-words font-medium text-sm">{passkey.name}</span>
                  {passkey.synced ? <Badge variant="muted">Synced</Badge> : null}
                </p>
                <p className="text-muted-foreground text-xs">
                  Added <DateWithTitle date={passkey.createdAt} />
                  {" · "}
                  {passkey.lastUsedAt ? (
                    <>
                      Last used <RelativeTime date={passkey.lastUsedAt} />
                    </>
                  ) : (
                    "Never used"
                  )}
                </p>
              </div>
              <RemovePasskeyButton passkey={{ id: passkey.id, name: passkey.name }} />
            </li>
          ))}
        </ul>
      )}
      {available ? (
        <AddPasskeyButton />
      ) : (
        <Alert variant="info">
          <AlertDescription className="text-foreground">
            Passkeys need MailShield to be served on a domain name; this dashboard is configured
            with an IP address.
          </AlertDescription>
        </Alert>
      )}
    </section>
  );
}
