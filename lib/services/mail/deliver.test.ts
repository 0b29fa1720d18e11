import { simpleParser } from "mailparser";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { emailOffWarning, mailDelivery, parseConfig, reloadConfig } from "@/lib/config";
import { captureLogs } from "@/test/capture-logs";
import { startTestSmtpServer, type TestSmtpServer } from "@/test/smtp-server";
import { deliverEmail } from "./deliver";
import { Outbox } from "./outbox";

let smtp: TestSmtpServer;

beforeAll(async () => {
  smtp = await startTestSmtpServer();
});

afterAll(async () => {
  await smtp.close();
});

afterEach(() => {
  delete process.env.SMTP_URL;
  delete process.env.MAILSHIELD_EMBEDDED;
  reloadConfig();
  smtp.received.length = 0;
  smtp.refuseNext = 0;
});

const email = {
  to: "ada@example.test",
  subject: "Reset your MailShield password",
  text: "Choose a new password here:\nhttps://app.example.test/reset-password/abc\n\nThanks.",
};

describe("how email leaves", () => {
  it("is sent through SMTP_URL when it is set", async () => {
    process.env.SMTP_URL = smtp.url;
    reloadConfig();
    expect(await deliverEmail(email)).toBe("sent");
    const parsed = await simpleParser(smtp.received[0]!.raw);
    expect(smtp.received[0]!.to).toEqual([email.to]);
    expect(parsed.subject).toBe(email.subject);
    expect(parsed.text?.trim()).toBe(email.text);
  });

  it("is written to the log as one block with its links in development and on the embedded demo", async () => {
    expect(mailDelivery(parseConfig({ NODE_ENV: "development" }))).toBe("log");
    process.env.MAILSHIELD_EMBEDDED = "1";
    reloadConfig();
    const logs = captureLogs();
    try {
      expect(await deliverEmail(email)).toBe("logged");
    } finally {
      logs.restore();
    }
    const [line] = logs.lines();
    expect(logs.lines()).toHaveLength(1);
    const block = String(line!.msg);
    expect(block).toContain(`To: ${email.to}`);
    expect(block).toContain(`Subject: ${email.subject}`);
    expect(block).toContain(email.text);
    expect(block).toContain("Links:\n  https://app.example.test/reset-password/abc");
    expect(smtp.received).toEqual([]);
  });

  it("is off in production without SMTP_URL, which the server says at start, naming what it disables", async () => {
    const production = parseConfig({ NODE_ENV: "production" });
    expect(mailDelivery(production)).toBe("off");
    const warning = emailOffWarning(production);
    expect(warning).toMatch(/^Email is off \(SMTP_URL is not set\)/);
    expect(warning).toContain("cannot verify their address");
    expect(warning).toContain("password reset links cannot be sent");
    expect(emailOffWarning(parseConfig({ NODE_ENV: "production", SMTP_URL: smtp.url }))).toBeNull();
    expect(
      emailOffWarning(parseConfig({ NODE_ENV: "production", MAILSHIELD_EMBEDDED: "1" })),
    ).toBeNull();

    // Tests run with NODE_ENV=test: without SMTP_URL nothing leaves, not even to the log.
    const logs = captureLogs();
    try {
      expect(await deliverEmail(email)).toBe("off");
    } finally {
      logs.restore();
    }
    expect(logs.text()).toBe("");
  });

  it("retries a refused send from the outbox, without the caller waiting for it", async () => {
    process.env.SMTP_URL = smtp.url;
    reloadConfig();
    smtp.refuseNext = 1;
    const outbox = new Outbox({ retryDelaysMs: [0] });
    outbox.enqueue(email, "password-reset");
    expect(smtp.received).toEqual([]);
    await outbox.idle();
    expect(smtp.received).toHaveLength(1);
  });
});
