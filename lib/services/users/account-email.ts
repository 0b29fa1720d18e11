import "server-only";
import { config } from "@/lib/config";
import { logger } from "@/lib/logger";
import { mailTransport } from "@/lib/services/mail/transport";

/** An email about a person's own account (two-factor turned off, a recovery code used). */
export interface AccountEmail {
  to: string;
  subject: string;
  lines: string[];
}

/**
 * Sends it directly when SMTP_URL is set, best effort: what it reports has already
 * happened, the person is waiting for the page, and the audit log keeps the event, so a
 * failure is logged rather than retried or shown.
 */
export async function sendAccountEmail(
  email: AccountEmail,
): Promise<"sent" | "not_configured" | "failed"> {
  const { SMTP_URL, MAIL_FROM } = config();
  if (!SMTP_URL) {
    logger().info({ subject: email.subject }, "account email not sent: SMTP_URL is not set");
    return "not_configured";
  }
  try {
    await mailTransport(SMTP_URL).sendMail({
      from: MAIL_FROM,
      to: email.to,
      subject: email.subject,
      text: email.lines.join("\n"),
    });
    return "sent";
  } catch (error) {
    logger().warn(
      { subject: email.subject, error: error instanceof Error ? error.message : String(error) },
      "account email not sent",
    );
    return "failed";
  }
}
