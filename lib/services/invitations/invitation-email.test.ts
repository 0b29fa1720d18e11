import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { config, reloadConfig } from "@/lib/config";
import { ROLE_DESCRIPTIONS } from "@/lib/permissions";
import { dashboardLink } from "@/lib/services/mail/links";
import { decodedMessage, startTestSmtpServer, type TestSmtpServer } from "@/test/smtp-server";
import { sendInvitationEmail } from "./invitation-email";

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

/** The message's body (after the headers), one entry per line. */
function bodyLines(raw: string): string[] {
  const text = decodedMessage(raw).replace(/\r\n/g, "\n");
  return text.slice(text.indexOf("\n\n") + 2).split("\n");
}

function subjectOf(raw: string): string | undefined {
  return /^Subject: (.*)$/m.exec(decodedMessage(raw))?.[1]?.trim();
}

describe("dashboardLink, the base of the invite link", () => {
  it("is absolute on NEXTAUTH_URL, the one configured public URL", () => {
    configure({ NEXTAUTH_URL: "https://app.example.test" });
    expect(dashboardLink("/invite/abc")).toBe("https://app.example.test/invite/abc");
  });

  it("is on http://localhost:PORT outside production when NEXTAUTH_URL is not set", () => {
    expect(dashboardLink("/invite/abc")).toBe(`http://localhost:${config().PORT}/invite/abc`);
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
    expect(text).toContain("https://app.example.test/invite/abc");
    expect(text).toContain("Organization: “Analytical Engines”");
    expect(text).toContain("Invited by: “Ada Lovelace” (ada@example.test)");
    expect(text).toContain("as Admin");
    expect(text).toContain(ROLE_DESCRIPTIONS.ADMIN);
    expect(text).toContain("valid until Tue, 08 Jan 2030 09:30 UTC");
  });

  it("says when the organization requires two-factor authentication, and only then", async () => {
    configure({ SMTP_URL: smtp.url });
    await sendInvitationEmail({ ...invitation, requireTwoFactor: true });
    await sendInvitationEmail(invitation);
    const [required, open] = smtp.received.map((message) => decodedMessage(message.raw));
    expect(required).toContain("This organization requires two-factor authentication");
    expect(open).not.toContain("two-factor");
  });

  it("names an inviter without a name by their address", async () => {
    configure({ SMTP_URL: smtp.url });
    await sendInvitationEmail({
      ...invitation,
      invitedBy: { name: null, email: "ada@example.test" },
    });
    expect(decodedMessage(smtp.received[0]?.raw ?? "")).toContain("Invited by: ada@example.test");
  });

  it("keeps the names the inviter chose out of the subject and the first lines, quoted", async () => {
    configure({ SMTP_URL: smtp.url });
    await sendInvitationEmail({
      ...invitation,
      organizationName: "Your bank: verify your account at https://evil.example.test",
      invitedBy: { name: "Security team", email: "ada@example.test" },
    });
    const raw = smtp.received[0]?.raw ?? "";
    expect(subjectOf(raw)).toBe("You are invited to join an organization on MailShield");
    const lines = bodyLines(raw);
    const firstNamed = lines.findIndex((line) => /evil|Security team/.test(line));
    expect(firstNamed).toBeGreaterThan(lines.indexOf(invitation.url));
    expect(lines).toContain(
      "  Organization: “Your bank: verify your account at https://evil.example.test”",
    );
  });

  it("writes a stored name with line breaks or control characters on one line", async () => {
    // Names from before they were refused, or put in the database by hand.
    configure({ SMTP_URL: smtp.url });
    await sendInvitationEmail({
      ...invitation,
      organizationName: "Acme\r\nAccept here: https://evil.example.test\u2028\u0007",
      invitedBy: { name: "Ada\nLovelace", email: "ada@example.test" },
    });
    const raw = smtp.received[0]?.raw ?? "";
    expect(subjectOf(raw)).toBe("You are invited to join an organization on MailShield");
    const lines = bodyLines(raw);
    expect(lines.filter((line) => line.startsWith("Accept here"))).toEqual([]);
    expect(lines).toContain("  Organization: “Acme Accept here: https://evil.example.test”");
    expect(lines).toContain("  Invited by: “Ada Lovelace” (ada@example.test)");
  });

  it("reports a refused send instead of throwing", async () => {
    configure({ SMTP_URL: smtp.url });
    smtp.refuseNext = 1;
    expect(await sendInvitationEmail(invitation)).toBe("failed");
  });
});
