import { SECURITY_SETTINGS_PATH } from "@/lib/paths";
import "server-only";
import { config } from "@/lib/config";
import { logger } from "@/lib/logger";
import { dashboardLink } from "@/lib/services/mail/links";
import { mailTransport } from "@/lib/services/mail/transport";
import { oneLine } from "@/lib/validations/single-line-text";

export interface PasskeyChangeEmail {
  to: string;
  change: "added" | "removed";
  passkeyName: string;
  at: Date;
  ip: string | null;
}

/** Where the person reviews their passkeys. */

/**
 * Tells the person a passkey was added to or removed from their account, so one added by
 * someone holding their session does not go unnoticed. Sent directly when SMTP_URL is set,
 * after the change committed: the change stands whether or not the email goes out, so a
 * failure is logged, not thrown.
 */
export async function sendPasskeyChangeEmail(email: PasskeyChangeEmail): Promise<void> {
  const { SMTP_URL, MAIL_FROM } = config();
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
    email.change === "added"
      ? "If this was not you, remove the passkey and change your password now:"
      : "If this was not you, change your password now and review your passkeys:",
    dashboardLink(SECURITY_SETTINGS_PATH),
  ];
  if (!SMTP_URL) {
    logger().info({ to: email.to, subject }, "email not sent: SMTP_URL is not set");
    return;
  }
  try {
    await mailTransport(SMTP_URL).sendMail({
      from: MAIL_FROM,
      to: email.to,
      subject,
      text: lines.join("\n"),
    });
  } catch (error) {
    logger().warn(
      { error: error instanceof Error ? error.message : String(error) },
      "passkey email not sent",
    );
  }
}
