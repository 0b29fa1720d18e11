import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { reloadConfig } from "@/lib/config";
import { db } from "@/lib/db";
import type { Role } from "@/lib/generated/prisma/enums";
import { findInvitationByCode } from "@/lib/services/invitations/find-by-code";
import { actionSession as session } from "@/test/action-session";
import { createTestTenant, createTestUser, uniqueSuffix } from "@/test/factories";
import { sessionContextFor } from "@/test/session-context";
import { decodedMessage, startTestSmtpServer, type TestSmtpServer } from "@/test/smtp-server";

// Copy link and Resend on a pending invitation, through their actions: the new link on the
// configured public URL, emailed by Resend (or handed back to copy when the email fails),
// the old link dead either way; only owners may. Request-bound parts are replaced as in
// invitations.test.ts.

vi.mock("@/lib/session/session", () => import("@/test/action-session"));
vi.mock("@/lib/auth/request-ip", () => ({ getRequestIp: async () => "192.0.2.46" }));
vi.mock("next/headers", () => ({
  headers: async () => new Headers({ host: "attacker.example.test" }),
}));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));

const { createInvitationAction, reissueInvitationLinkAction, resendInvitationAction } =
  await import("./invitations");

async function signInAs(role: Role) {
  const { organization } = await createTestTenant();
  const { user } = await createTestUser({ organizationId: organization.id, role });
  session.current = sessionContextFor(user, organization, role);
  return { organization, user };
}

/** An owner's pending invitation: its id and the code of its first link. */
async function pendingInvitation(email = `invitee-${uniqueSuffix()}@example.test`) {
  const created = await createInvitationAction({ email, role: "MEMBER" });
  if (!created.ok) throw new Error(JSON.stringify(created));
  const code = new URL(created.data.url).pathname.replace("/invite/", "");
  const row = await findInvitationByCode(db, code);
  if (!row) throw new Error("invitation not found");
  return { id: row.id, email, code };
}

const codeOf = (url: string) => new URL(url).pathname.replace("/invite/", "");

let smtp: TestSmtpServer;

beforeAll(async () => {
  process.env.NEXTAUTH_URL = "https://mailshield.example.test";
  smtp = await startTestSmtpServer();
  process.env.SMTP_URL = smtp.url;
  reloadConfig();
});

afterAll(async () => {
  delete process.env.NEXTAUTH_URL;
  delete process.env.SMTP_URL;
  reloadConfig();
  await smtp.close();
  await db.$disconnect();
});

beforeEach(() => {
  session.current = null;
});

describe("reissueInvitationLinkAction (Copy link)", () => {
  it("gives an owner a new link on the public URL; the old one stops working", async () => {
    await signInAs("OWNER");
    const invitation = await pendingInvitation();
    const result = await reissueInvitationLinkAction({ invitationId: invitation.id });
    if (!result.ok) throw new Error(JSON.stringify(result));
    expect(result.data.url).toMatch(/^https:\/\/mailshield\.example\.test\/invite\/[\w-]{43}$/);
    expect(result.data.email).toBe(invitation.email);
    expect(await findInvitationByCode(db, invitation.code)).toBeNull();
    expect(await findInvitationByCode(db, codeOf(result.data.url))).toMatchObject({
      id: invitation.id,
    });
  });

  it.each(["ADMIN", "MEMBER"] as const)("refuses a %s, and Resend too", async (role) => {
    const { organization } = await signInAs("OWNER");
    const invitation = await pendingInvitation();
    const { user } = await createTestUser({ organizationId: organization.id, role });
    session.current = sessionContextFor(user, organization, role);
    const refusal = { ok: false, message: "Only owners can invite, change or remove members." };
    expect(await reissueInvitationLinkAction({ invitationId: invitation.id })).toMatchObject(
      refusal,
    );
    expect(await resendInvitationAction({ invitationId: invitation.id })).toMatchObject(refusal);
    expect(await findInvitationByCode(db, invitation.code)).toMatchObject({ id: invitation.id });
  });
});

describe("resendInvitationAction (Resend)", () => {
  it("emails a new link and says so; the old link stops working", async () => {
    await signInAs("OWNER");
    const invitation = await pendingInvitation();
    const result = await resendInvitationAction({ invitationId: invitation.id });
    expect(result).toMatchObject({
      ok: true,
      data: { emailed: "sent", email: invitation.email },
      message: `A new invitation link was emailed to ${invitation.email}.`,
    });
    // The answer holds no link: it went to the invitee only.
    expect(JSON.stringify(result)).not.toContain("/invite/");
    const emails = smtp.received.filter((received) => received.to.includes(invitation.email));
    expect(emails).toHaveLength(2);
    const newCode = decodedMessage(emails[1]?.raw ?? "").match(/\/invite\/([\w-]{43})/)?.[1];
    expect(newCode).toBeDefined();
    expect(newCode).not.toBe(invitation.code);
    expect(await findInvitationByCode(db, invitation.code)).toBeNull();
    expect(await findInvitationByCode(db, newCode)).toMatchObject({ id: invitation.id });
  });

  it("hands the new link back to copy when the email is refused", async () => {
    await signInAs("OWNER");
    const invitation = await pendingInvitation();
    smtp.refuseNext = 1;
    const result = await resendInvitationAction({ invitationId: invitation.id });
    if (!result.ok || result.data.emailed !== "failed") throw new Error(JSON.stringify(result));
    expect(await findInvitationByCode(db, codeOf(result.data.url))).toMatchObject({
      id: invitation.id,
    });
  });

  it("refuses past the address's emails for the day, pointing to Copy link", async () => {
    await signInAs("OWNER");
    const invitation = await pendingInvitation();
    for (const _ of [1, 2]) {
      expect(await resendInvitationAction({ invitationId: invitation.id })).toMatchObject({
        ok: true,
      });
    }
    expect(await resendInvitationAction({ invitationId: invitation.id })).toMatchObject({
      ok: false,
      message: `MailShield cannot email ${invitation.email} again today. Use Copy link and send the link yourself.`,
    });
  });
});
