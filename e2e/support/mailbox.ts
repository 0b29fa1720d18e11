import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { expect } from "@playwright/test";
import { simpleParser } from "mailparser";

// What the app server emailed during this run, as the person's mail client would show it:
// received by the real SMTP server of e2e/support/mailbox-server.ts and parsed with mailparser.

export interface ReceivedEmail {
  subject: string;
  text: string;
}

async function emailsTo(address: string): Promise<ReceivedEmail[]> {
  const folder = process.env.E2E_MAILBOX_DIR;
  if (!folder) throw new Error("No mailbox: playwright.config.ts's global setup starts it.");
  const files = readdirSync(folder)
    .filter((name) => name.endsWith(".json"))
    .sort();
  const mine = files
    .map(
      (name) =>
        JSON.parse(readFileSync(path.join(folder, name), "utf8")) as { to: string[]; raw: string },
    )
    .filter((message) => message.to.includes(address.toLowerCase()));
  return Promise.all(
    mine.map(async ({ raw }) => {
      const parsed = await simpleParser(raw);
      return { subject: parsed.subject ?? "", text: parsed.text ?? "" };
    }),
  );
}

/** Waits for the `nth` (1-based) email to `address` whose subject is `subject`. */
export async function waitForEmail(
  address: string,
  subject: string,
  nth = 1,
): Promise<ReceivedEmail> {
  let found: ReceivedEmail | undefined;
  await expect
    .poll(
      async () => {
        found = (await emailsTo(address)).filter((email) => email.subject === subject)[nth - 1];
        return Boolean(found);
      },
      { timeout: 20_000, message: `email "${subject}" to ${address}` },
    )
    .toBe(true);
  return found as ReceivedEmail;
}

/** The path of the link to `prefix` (e.g. "/reset-password/") in an email, on the app's URL. */
export function linkPath(email: ReceivedEmail, prefix: string, baseURL: string): string {
  const link = email.text
    .match(/https?:\/\/\S+/g)
    ?.find((url) => new URL(url).pathname.startsWith(prefix));
  if (!link) throw new Error(`no ${prefix} link in:\n${email.text}`);
  // On the configured public URL (NEXTAUTH_URL), which the suite sets to its own address.
  expect(link.startsWith(`${baseURL}${prefix}`)).toBe(true);
  return new URL(link).pathname;
}
