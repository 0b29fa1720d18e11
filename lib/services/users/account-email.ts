import "server-only";
import { logger } from "@/lib/logger";
import { type DeliveryOutcome, deliverEmail } from "@/lib/services/mail/deliver";

/** An email about a person's own account (two-factor turned off, a recovery code used). */
export interface AccountEmail {
  to: string;
  subject: string;
  lines: string[];
}

/**
 * Delivers it as every email is delivered (lib/services/mail/deliver.ts: SMTP, the log in
 * development, or off), best effort: what it reports has already happened, the person is
 * waiting for the page, and the audit log keeps the event, so a failure is logged rather
 * than retried or shown.
 */
export async function sendAccountEmail(email: AccountEmail): Promise<DeliveryOutcome | "failed"> {
  try {
    return await deliverEmail({
      to: email.to,
      subject: email.subject,
      text: email.lines.join("\n"),
    });
  } catch (error) {
    logger().warn(
      { subject: email.subject, error: error instanceof Error ? error.message : String(error) },
      "account email not sent",
    );
    return "failed";
  }
}
