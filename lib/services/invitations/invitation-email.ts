import "server-only";
import { config, mailDelivery } from "@/lib/config";
import type { Role } from "@/lib/generated/prisma/enums";
import { logger } from "@/lib/logger";
import { ROLE_LABELS } from "@/lib/permissions";
import { deliverEmail } from "@/lib/services/mail/deliver";
import { INVITATION_ROLES } from "@/lib/validations/invitations";
import { oneLine } from "@/lib/validations/single-line-text";

export interface InvitationEmail {
  to: string;
  organizationName: string;
  /** The organization requires two-factor authentication: the email says so. */
  requireTwoFactor?: boolean;
  role: Role;
  expiresAt: Date;
  invitedBy: { name: string | null; email: string };
  /** The absolute link to the invite page (dashboardLink). */
  url: string;
}

/**
 * Whether the email went out: not configured (no SMTP_URL), withheld (the address has had
 * its invitation emails for the day), sent, or refused by the server.
 */
export type InvitationEmailOutcome = "not_configured" | "withheld" | "sent" | "failed";

/** Whether invitations are emailed at all (SMTP_URL is set, or the log stands in for it). */
export function invitationEmailConfigured(): boolean {
  return mailDelivery(config()) !== "off";
}

/** "Ada Lovelace" or, for an inviter without a name, their address. */
export function inviterName(invitedBy: { name: string | null; email: string }): string {
  return invitedBy.name?.trim() || invitedBy.email;
}

/** The subject, fixed: nothing the inviter chose goes where a mail client shows it first. */
const INVITATION_EMAIL_SUBJECT = "You are invited to join an organization on MailShield";

/** A name the inviter chose, on one line and in quotes, so it reads as theirs, not ours. */
function quoted(name: string): string {
  return `“${name}”`;
}

/**
 * Emails the invitation when email is on (lib/services/mail/deliver.ts). Sent directly, not through the job queue:
 * the owner is waiting for the answer, and a failure never loses the invitation (the link
 * is on their screen to copy), so it is reported rather than retried.
 */
export async function sendInvitationEmail(email: InvitationEmail): Promise<InvitationEmailOutcome> {
  if (!invitationEmailConfigured()) return "not_configured";
  const role = INVITATION_ROLES.find((option) => option.value === email.role);
  const expires = email.expiresAt.toUTCString().replace(/:\d\d GMT$/, " UTC");
  const inviterShownName = oneLine(email.invitedBy.name ?? "");
  const inviter = inviterShownName
    ? `${quoted(inviterShownName)} (${email.invitedBy.email})`
    : email.invitedBy.email;
  // MailShield's own words first (what this is, the role, the link); the organization's
  // and the inviter's names, which they chose themselves and nobody checked, come after,
  // labelled and quoted.
  const lines = [
    `You are invited to join an organization on MailShield as ${ROLE_LABELS[email.role]}.`,
    ...(role ? [`Role: ${role.label}. ${role.description}`] : []),
    "",
    "Accept the invitation:",
    email.url,
    "",
    `The link is valid until ${expires} and works once.`,
    ...(email.requireTwoFactor
      ? [
          "",
          "This organization requires two-factor authentication: after joining, you will set up an authenticator app before anything else.",
        ]
      : []),
    "",
    "As given by the person who invited you (MailShield does not check them):",
    `  Organization: ${quoted(oneLine(email.organizationName))}`,
    `  Invited by: ${inviter}`,
    "",
    "If you did not expect this invitation, you can ignore this email.",
  ];
  try {
    await deliverEmail({
      to: email.to,
      subject: INVITATION_EMAIL_SUBJECT,
      text: lines.join("\n"),
    });
    return "sent";
  } catch (error) {
    // Never the link: it is the invitation's secret.
    logger().warn(
      { error: error instanceof Error ? error.message : String(error) },
      "invitation email not sent",
    );
    return "failed";
  }
}
