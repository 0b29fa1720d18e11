import { SECURITY_SETTINGS_PATH } from "@/lib/paths";
import "server-only";
import { dashboardLink } from "@/lib/services/mail/links";
import { sendAccountEmail } from "@/lib/services/users/account-email";
import { oneLine } from "@/lib/validations/single-line-text";

export interface PasskeyChangeEmail {
  to: string;
  change: "added" | "removed";
  /** The change turned two-factor authentication on (the first factor) or off (the last). */
  twoFactorChanged?: boolean;
  passkeyName: string;
  at: Date;
  ip: string | null;
}

/** Where the person reviews their passkeys. */

/**
 * Tells the person a passkey was added to or removed from their account, so one added by
 * someone holding their session does not go unnoticed. Delivered like every email (SMTP, or
 * the log in development), after the change committed: the change stands whether or not the
 * email goes out, so a failure is logged, not thrown (sendAccountEmail).
 */
export async function sendPasskeyChangeEmail(email: PasskeyChangeEmail): Promise<void> {
  const subject =
    email.change === "added"
      ? "A passkey was added to your MailShield account"
      : "A passkey was removed from your MailShield account";
  const when = email.at.toUTCString().replace(/:\d\d GMT$/, " UTC");
  const lines = [
    `${subject}.`,
    "",
    `  Passkey: “${oneLine(email.passkeyName)}”`,
    `  When: ${when}`,
    ...(email.ip ? [`  From IP address: ${email.ip}`] : []),
    "",
    ...(email.twoFactorChanged
      ? email.change === "added"
        ? [
            "Two-factor authentication is now on: signing in with your password also asks for a",
            "passkey. Generate recovery codes in Settings → Security, in case you lose it.",
            "",
          ]
        : [
            "That was your last second factor: two-factor authentication is off, and signing in",
            "needs only your password.",
            "",
          ]
      : []),
    email.change === "added"
      ? "If this was not you, remove the passkey and change your password now:"
      : "If this was not you, change your password now and review your passkeys:",
    dashboardLink(SECURITY_SETTINGS_PATH),
  ];
  await sendAccountEmail({ to: email.to, subject, lines });
}
