import { once } from "node:events";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { SMTPServer } from "smtp-server";

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
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["AUTH", "STARTTLS"],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        received += 1;
        const to = session.envelope.rcptTo.map((rcpt) => rcpt.address.toLowerCase());
        const raw = Buffer.concat(chunks).toString("utf8");
        const name = `${String(received).padStart(6, "0")}.json`;
        writeFileSync(path.join(folder, name), JSON.stringify({ to, raw }));
        callback();
      });
    },
  });
  server.listen(mailboxPort(), "127.0.0.1");
  await once(server.server, "listening");
  return async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    rmSync(folder, { recursive: true, force: true });
  };
}
