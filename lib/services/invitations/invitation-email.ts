import "server-only";
import { config } from "@/lib/config";
import type { Role } from "@/lib/generated/prisma/enums";
import { logger } from "@/lib/logger";
import { ROLE_LABELS } from "@/lib/permissions";
import { mailTransport } from "@/lib/services/mail/transport";
import { INVITATION_ROLES } from "@/lib/validations/invitations";

export interface InvitationEmail {
  to: string;
  organizationName: string;
  role: Role;
  expiresAt: Date;
  invitedBy: { name: string | null; email: string };
  /** The absolute link to the invite page (see inviteUrl). */
  url: string;
}

/** Whether the email went out: not configured (no SMTP_URL), sent, or refused by the server. */
export type InvitationEmailOutcome = "not_configured" | "sent" | "failed";

/**
 * The invite link as an absolute URL: on NEXTAUTH_URL (the address people use), or on the
 * origin of the request that created it when that is not configured.
 */
export function inviteUrl(path: string, requestOrigin: string): string {
  return new URL(path, config().NEXTAUTH_URL ?? requestOrigin).href;
}

/** "Ada Lovelace" or, for an inviter without a name, their address. */
export function inviterName(invitedBy: { name: string | null; email: string }): string {
  return invitedBy.name?.trim() || invitedBy.email;
}

/**
 * Emails the invitation when SMTP_URL is set. Sent directly, not through the job queue:
 * the owner is waiting for the answer, and a failure never loses the invitation (the link
 * is on their screen to copy), so it is reported rather than retried.
 */
export async function sendInvitationEmail(email: InvitationEmail): Promise<InvitationEmailOutcome> {
  const { SMTP_URL, MAIL_FROM } = config();
  if (!SMTP_URL) return "not_configured";
  const inviter = inviterName(email.invitedBy);
  const role = INVITATION_ROLES.find((option) => option.value === email.role);
  const expires = email.expiresAt.toUTCString().replace(/:\d\d GMT$/, " UTC");
  const lines = [
    `${inviter} (${email.invitedBy.email}) invited you to join ${email.organizationName} on MailShield as ${ROLE_LABELS[email.role]}.`,
    ...(role ? [`Role: ${role.label}. ${role.description}`] : []),
    "",
    "Accept the invitation:",
    email.url,
    "",
    `The link is valid until ${expires} and works once.`,
    "If you did not expect this invitation, you can ignore this email.",
  ];
  try {
    await mailTransport(SMTP_URL).sendMail({
      from: MAIL_FROM,
      to: email.to,
      subject: `${inviter} invited you to ${email.organizationName} on MailShield`,
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
