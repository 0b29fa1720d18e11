import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { issueDeviceCookie } from "@/lib/auth/device-cookie";
import { reloadConfig } from "@/lib/config";
import { db } from "@/lib/db";
import { accountKey } from "@/lib/rate-limit/sign-in-limits";
import { holdClock } from "@/test/clock";
import { createTestTenant } from "@/test/factories";
import { decodedMessage, startTestSmtpServer, type TestSmtpServer } from "@/test/smtp-server";
import { emailIfNewBrowser } from "./new-sign-in-email";

// "New sign-in to MailShield", received by a real SMTP server.

const CHROME_MAC =
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
let smtp: TestSmtpServer;

beforeAll(async () => {
  smtp = await startTestSmtpServer();
});

afterEach(() => {
  delete process.env.SMTP_URL;
  reloadConfig();
  smtp.received.length = 0;
});

afterAll(async () => {
  await smtp.close();
  await db.$disconnect();
});

/** A person whose account is a day old. */
async function dayOldAccount() {
  const tenant = await createTestTenant();
  const dayAgo = new Date(holdClock().now().getTime() - 24 * 60 * 60 * 1000);
  await db.user.update({ where: { id: tenant.user.id }, data: { createdAt: dayAgo } });
  process.env.SMTP_URL = smtp.url;
  reloadConfig();
  return tenant;
}

describe("the new sign-in email", () => {
  it("tells the person the browser, IP, time and where to end the session", async () => {
    const { user } = await dayOldAccount();
    const outcome = await emailIfNewBrowser({
      userId: user.id,
      ip: "203.0.113.80",
      userAgent: CHROME_MAC,
      deviceCookie: null,
    });
    expect(outcome).toBe("sent");
    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0]?.to).toEqual([user.email]);
    const message = decodedMessage(smtp.received[0]?.raw ?? "");
    expect(message).toContain("Subject: New sign-in to MailShield");
    expect(message).toContain("Browser: Chrome 131 on macOS 10.15.7");
    expect(message).toContain("IP address: 203.0.113.80");
    expect(message).toMatch(/Time: .* UTC/);
    expect(message).toMatch(/https?:\/\/[^\s]+\/settings\/security#sessions/);
  });

  it("is not sent for a browser that has signed in to this account before", async () => {
    const { user } = await dayOldAccount();
    const cookie = issueDeviceCookie({
      accountKey: accountKey(user.email),
      passwordHash: user.passwordHash,
    });
    const notice = { userId: user.id, ip: null, userAgent: CHROME_MAC };
    expect(await emailIfNewBrowser({ ...notice, deviceCookie: cookie })).toBe("known_browser");
    // A forged or foreign cookie is no proof.
    expect(await emailIfNewBrowser({ ...notice, deviceCookie: `${cookie}x` })).toBe("sent");
    expect(smtp.received).toHaveLength(1);
  });

  it("is not sent for the sign-in that follows signing up", async () => {
    const { user } = await createTestTenant();
    process.env.SMTP_URL = smtp.url;
    reloadConfig();
    const notice = { userId: user.id, ip: null, userAgent: null, deviceCookie: null };
    expect(await emailIfNewBrowser(notice)).toBe("new_account");
    expect(smtp.received).toHaveLength(0);
  });
});
