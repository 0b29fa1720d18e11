import "server-only";
import type { OutgoingEmail } from "@/lib/services/mail/deliver";
import { dashboardLink } from "@/lib/services/mail/links";

// The words of the emails about a person's own account. MailShield's words only: nothing
// another person chose (an organization's name) goes into them.

function until(expiresAt: Date): string {
  return expiresAt.toUTCString().replace(/:\d\d GMT$/, " UTC");
}

export function verificationEmail(to: string, code: string, expiresAt: Date): OutgoingEmail {
  return {
    to,
    subject: "Verify your email address for MailShield",
    text: [
      "Confirm that this address is yours to finish setting up your MailShield account:",
      dashboardLink(`/verify-email/${code}`),
      "",
      `The link works once, until ${until(expiresAt)}. Until then you can sign in and look`,
      "around, but not invite members or create API tokens.",
      "",
      "If you did not create a MailShield account, you can ignore this email.",
    ].join("\n"),
  };
}

export function passwordResetEmail(to: string, code: string, expiresAt: Date): OutgoingEmail {
  return {
    to,
    subject: "Reset your MailShield password",
    text: [
      "Someone (we hope you) asked to reset the password of the MailShield account for this address.",
      "Choose a new password here:",
      dashboardLink(`/reset-password/${code}`),
      "",
      `The link works once, until ${until(expiresAt)}.`,
      "",
      "If you did not ask for this, ignore this email: your password stays as it is.",
    ].join("\n"),
  };
}

export function passwordChangedEmail(to: string, at: Date, ip: string | null): OutgoingEmail {
  return {
    to,
    subject: "Your MailShield password was changed",
    text: [
      `The password of your MailShield account was reset on ${until(at)}${ip ? ` from ${ip}` : ""}.`,
      "Every session that was signed in has been signed out.",
      "",
      "If this was not you, reset your password at once and check your organizations' API tokens:",
      dashboardLink("/forgot-password"),
    ].join("\n"),
  };
}
