import { simpleParser } from "mailparser";
import { reloadConfig } from "@/lib/config";
import { AccountEmailLimiter } from "@/lib/rate-limit/account-email-limits";
import { postgresStore } from "@/lib/rate-limit/test-stores";
import { Outbox } from "@/lib/services/mail/outbox";
import { startTestSmtpServer, type TestSmtpServer } from "@/test/smtp-server";

// Account emails for real in service tests: a real SMTP server receives them (SMTP_URL
// points at it), mailparser reads them, and the outbox is the application's own class,
// retrying at once instead of after seconds.

export const PUBLIC_URL = "https://app.example.test";

export interface AccountMail {
  smtp: TestSmtpServer;
  outbox: Outbox;
  /** Limits as in production, on the PostgreSQL store; tests give another where they count. */
  limiter: AccountEmailLimiter;
  /** Every message received for `address` so far (after the outbox is idle), parsed. */
  messagesTo(address: string): Promise<{ subject: string; text: string }[]>;
  close(): Promise<void>;
}

export async function startAccountMail(): Promise<AccountMail> {
  const smtp = await startTestSmtpServer();
  Object.assign(process.env, { SMTP_URL: smtp.url, NEXTAUTH_URL: PUBLIC_URL });
  reloadConfig();
  const outbox = new Outbox({ retryDelaysMs: [0, 0] });
  return {
    smtp,
    outbox,
    limiter: new AccountEmailLimiter({ store: postgresStore(), ipLimit: 1_000_000 }),
    async messagesTo(address) {
      await outbox.idle();
      const mine = smtp.received.filter((message) => message.to.includes(address));
      return Promise.all(
        mine.map(async (message) => {
          const parsed = await simpleParser(message.raw);
          return { subject: parsed.subject ?? "", text: parsed.text ?? "" };
        }),
      );
    },
    async close() {
      await outbox.idle();
      await smtp.close();
      delete process.env.SMTP_URL;
      delete process.env.NEXTAUTH_URL;
      reloadConfig();
    },
  };
}

/** The secret code of the link to `path` (e.g. "/reset-password/") in an email's text. */
export function linkCode(text: string, path: string): string {
  const escaped = `${PUBLIC_URL}${path}`.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
  const match = new RegExp(`${escaped}([A-Za-z0-9_-]{43})(?=\\s|$)`).exec(text);
  if (!match?.[1]) throw new Error(`no ${path} link in:\n${text}`);
  return match[1];
}
