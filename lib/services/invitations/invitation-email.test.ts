import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { reloadConfig } from "@/lib/config";
import { decodedMessage, startTestSmtpServer, type TestSmtpServer } from "@/test/smtp-server";
import { inviteUrl, sendInvitationEmail } from "./invitation-email";

let smtp: TestSmtpServer;

beforeAll(async () => {
  smtp = await startTestSmtpServer();
});

afterAll(async () => {
  await smtp.close();
});

afterEach(() => {
  delete process.env.SMTP_URL;
  delete process.env.NEXTAUTH_URL;
  reloadConfig();
  smtp.received.length = 0;
  smtp.refuseNext = 0;
});

function configure(variables: { SMTP_URL?: string; NEXTAUTH_URL?: string }) {
  Object.assign(process.env, variables);
  reloadConfig();
}

const invitation = {
  to: "grace@example.test",
  organizationName: "Analytical Engines",
  role: "ADMIN" as const,
  expiresAt: new Date("2030-01-08T09:30:00Z"),
  invitedBy: { name: "Ada Lovelace", email: "ada@example.test" },
  url: "https://app.example.test/invite/abc",
};

describe("inviteUrl", () => {
  it("is absolute on NEXTAUTH_URL, or on the request's origin when that is not set", () => {
    expect(inviteUrl("/invite/abc", "http://127.0.0.1:3000")).toBe(
      "http://127.0.0.1:3000/invite/abc",
    );
    configure({ NEXTAUTH_URL: "https://app.example.test" });
    expect(inviteUrl("/invite/abc", "http://127.0.0.1:3000")).toBe(
      "https://app.example.test/invite/abc",
    );
  });
});

describe("sendInvitationEmail", () => {
  it("sends nothing when SMTP_URL is not set", async () => {
    expect(await sendInvitationEmail(invitation)).toBe("not_configured");
    expect(smtp.received).toEqual([]);
  });

  it("emails the invitee the link, the role, the inviter and the expiry", async () => {
    configure({ SMTP_URL: smtp.url });
    expect(await sendInvitationEmail(invitation)).toBe("sent");
    expect(smtp.received.map((message) => message.to)).toEqual([["grace@example.test"]]);
    const text = decodedMessage(smtp.received[0]?.raw ?? "");
    expect(text).toContain("Subject: Ada Lovelace invited you to Analytical Engines on MailShield");
    expect(text).toContain("https://app.example.test/invite/abc");
    expect(text).toContain("as Admin");
    expect(text).toContain("Manage API tokens and domains.");
    expect(text).toContain("valid until Tue, 08 Jan 2030 09:30 UTC");
  });

  it("names an inviter without a name by their address", async () => {
    configure({ SMTP_URL: smtp.url });
    await sendInvitationEmail({
      ...invitation,
      invitedBy: { name: null, email: "ada@example.test" },
    });
    expect(decodedMessage(smtp.received[0]?.raw ?? "")).toContain(
      "Subject: ada@example.test invited you to Analytical Engines on MailShield",
    );
  });

  it("reports a refused send instead of throwing", async () => {
    configure({ SMTP_URL: smtp.url });
    smtp.refuseNext = 1;
    expect(await sendInvitationEmail(invitation)).toBe("failed");
  });
});
