import "server-only";
import { config, mailDelivery } from "@/lib/config";
import { logger } from "@/lib/logger";
import { mailTransport } from "./transport";

// The one way an email leaves MailShield (invitations, notifications, account emails):
// through SMTP_URL when it is set; without it, in development and on the embedded demo,
// as one block in the server log, so that verifying an address or resetting a password
// works on one machine with nothing to configure; otherwise (production without SMTP_URL)
// not at all, which the server says when it starts (emailOffWarning in lib/config.mjs).

export interface OutgoingEmail {
  to: string;
  subject: string;
  /** Plain text; links are absolute, on the configured public URL (dashboardLink). */
  text: string;
}

/** What became of an email: handed to the SMTP server, written to the log, or dropped. */
export type DeliveryOutcome = "sent" | "logged" | "off";

const LINK = /https?:\/\/[^\s<>"]+/g;

/** The links an email carries, listed apart in the log so they can be opened at a glance. */
export function linksIn(text: string): string[] {
  return text.match(LINK) ?? [];
}

/** Sends `email` as configured. Throws when the SMTP server refuses it (the caller retries). */
export async function deliverEmail(email: OutgoingEmail): Promise<DeliveryOutcome> {
  const settings = config();
  switch (mailDelivery(settings)) {
    case "smtp":
      await mailTransport(settings.SMTP_URL as string).sendMail({
        from: settings.MAIL_FROM,
        to: email.to,
        subject: email.subject,
        text: email.text,
      });
      return "sent";
    case "log": {
      const links = linksIn(email.text);
      // One entry whose message reads as the email itself; the fields repeat it for a
      // log viewer that shows JSON. Only in development and the local demo: a production
      // server never writes an email (a reset link is a password) to its log.
      const block = [
        "Email not sent (SMTP_URL is not set); it would have said:",
        `To: ${email.to}`,
        `Subject: ${email.subject}`,
        "",
        email.text,
        ...(links.length > 0 ? ["", "Links:", ...links.map((link) => `  ${link}`)] : []),
      ].join("\n");
      logger().info({ email: { ...email, links } }, block);
      return "logged";
    }
    case "off":
      return "off";
  }
}
