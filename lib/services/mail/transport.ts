import "server-only";
import nodemailer, { type Transporter } from "nodemailer";

// One nodemailer transport per SMTP_URL, shared by every email MailShield sends
// (notifications, invitations): a transport keeps its connection settings, and tests
// change SMTP_URL between cases, so it is rebuilt when the URL changes.

let cached: { url: string; transporter: Transporter } | undefined;

export function mailTransport(url: string): Transporter {
  if (cached?.url !== url) cached = { url, transporter: nodemailer.createTransport(url) };
  return cached.transporter;
}
