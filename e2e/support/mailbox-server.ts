import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { startTestSmtpServer } from "../../test/smtp-server";

// Playwright's global setup: a real SMTP server for the app server under test (its SMTP_URL,
// playwright.config.ts), on E2E_PORT + 1. Each message it accepts is written to a folder
// as JSON (envelope recipients and the raw message); the specs, in other processes, read
// them there (e2e/support/mailbox.ts). The folder is new for every run.

export function mailboxPort(): number {
  return Number(process.env.E2E_PORT ?? 3100) + 1;
}

export default async function startMailbox(): Promise<() => Promise<void>> {
  const folder = mkdtempSync(path.join(tmpdir(), "mailshield-e2e-mailbox-"));
  process.env.E2E_MAILBOX_DIR = folder;
  let received = 0;
  const server = await startTestSmtpServer({
    port: mailboxPort(),
    onMessage: ({ to, raw }) => {
      received += 1;
      const name = `${String(received).padStart(6, "0")}.json`;
      const recipients = to.map((address) => address.toLowerCase());
      writeFileSync(path.join(folder, name), JSON.stringify({ to: recipients, raw }));
    },
  });
  return async () => {
    await server.close();
    rmSync(folder, { recursive: true, force: true });
  };
}
