import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { config, reloadConfig } from "@/lib/config";
import { db } from "@/lib/db";
import type { Role } from "@/lib/generated/prisma/enums";
import { actionSession as session } from "@/test/action-session";
import { createTestTenant, createTestUser, uniqueSuffix } from "@/test/factories";
import { sessionContextFor } from "@/test/session-context";
import { decodedMessage, startTestSmtpServer, type TestSmtpServer } from "@/test/smtp-server";

// The invitation actions against the real database. Only the request-bound parts are
// replaced: the member's session and the signed-in user (normally from the cookie), the
// client IP (normally from the request headers), the request's headers (a hostile Host
// and X-Forwarded-Host, which no link may use), the current-organization cookie, and
// Next's cache revalidation, which needs a running server.

vi.mock("@/lib/session/session", () => import("@/test/action-session"));
vi.mock("@/lib/auth/request-ip", () => ({ getRequestIp: async () => "192.0.2.45" }));
vi.mock("next/headers", () => ({
  headers: async () =>
    new Headers({
      host: "attacker.example.test",
      "x-forwarded-host": "attacker.example.test",
      "x-forwarded-proto": "https",
    }),
}));
vi.mock("@/lib/session/current-organization", () => ({ rememberOrganization: vi.fn() }));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));

const { acceptInvitationAction, createInvitationAction, revokeInvitationAction } = await import(
  "./invitations"
);
const { rememberOrganization } = await import("@/lib/session/current-organization");
const { revalidatePath } = await import("next/cache");

/** Signs in a new member of a new organization with `role`. */
async function signInAs(role: Role) {
  const { organization } = await createTestTenant();
  const { user } = await createTestUser({ organizationId: organization.id, role });
  session.current = sessionContextFor(user, organization, role);
  return { organization, user };
}

function inviteeEmail() {
  return `invitee-${uniqueSuffix()}@example.test`;
}

async function invite(email = inviteeEmail(), role = "MEMBER") {
  const result = await createInvitationAction({ email, role });
  if (!result.ok) throw new Error(`invite failed: ${JSON.stringify(result)}`);
  return result.data;
}

function codeOf(url: string): string {
  return new URL(url).pathname.replace("/invite/", "");
}

beforeEach(() => {
  session.current = null;
  session.signedInUser = null;
  vi.mocked(revalidatePath).mockClear();
  vi.mocked(rememberOrganization).mockClear();
});

beforeAll(() => {
  process.env.NEXTAUTH_URL = "https://mailshield.example.test";
  reloadConfig();
});

afterAll(async () => {
  delete process.env.NEXTAUTH_URL;
  reloadConfig();
  await db.$disconnect();
});

describe("createInvitationAction", () => {
  it("gives an owner the absolute link to copy, valid 7 days, not emailed without SMTP_URL", async () => {
    const { organization } = await signInAs("OWNER");
    const email = inviteeEmail();
    const data = await invite(email.toUpperCase(), "ADMIN");
    expect(data).toMatchObject({ email, emailed: "not_configured" });
    // On NEXTAUTH_URL, whatever Host or X-Forwarded-Host the request carried.
    expect(data.url).toMatch(/^https:\/\/mailshield\.example\.test\/invite\/[A-Za-z0-9_-]{43}$/);
    const days = (Date.parse(data.expiresAt) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(6.99);
    const row = await db.invitation.findFirstOrThrow({
      where: { organizationId: organization.id },
    });
    expect(row).toMatchObject({ email, role: "ADMIN" });
    expect(revalidatePath).toHaveBeenCalledWith("/settings/members");
  });

  it("never builds the link on the request's Host or X-Forwarded-Host, even without NEXTAUTH_URL", async () => {
    delete process.env.NEXTAUTH_URL;
    reloadConfig();
    try {
      await signInAs("OWNER");
      const { url } = await invite();
      expect(url).not.toContain("attacker");
      expect(url.startsWith(`http://localhost:${config().PORT}/invite/`)).toBe(true);
    } finally {
      process.env.NEXTAUTH_URL = "https://mailshield.example.test";
      reloadConfig();
    }
  });

  it("keeps what was typed and explains a second invitation on the email field", async () => {
    await signInAs("OWNER");
    const email = inviteeEmail();
    await invite(email);
    expect(await createInvitationAction({ email, role: "OWNER" })).toEqual({
      ok: false,
      message: `${email} already has a pending invitation. Revoke it to send a new one.`,
      fieldErrors: {
        email: [`${email} already has a pending invitation. Revoke it to send a new one.`],
      },
      values: { email, role: "OWNER" },
    });
    expect(await createInvitationAction({ email: "nope", role: "KING" })).toMatchObject({
      ok: false,
      fieldErrors: { email: [expect.any(String)], role: ["Choose a role: Member, Admin or Owner"] },
      values: { email: "nope", role: "KING" },
    });
  });
});

describe("createInvitationAction refused by the daily organization limit", () => {
  it("shows the per-organization refusal above the form", async () => {
    const { organization, user } = await signInAs("OWNER");
    // Twenty invitations sent an hour ago, all revoked since.
    const anHourAgo = new Date(Date.now() - 60 * 60 * 1000);
    await db.invitation.createMany({
      data: Array.from({ length: 20 }, () => ({
        organizationId: organization.id,
        email: inviteeEmail(),
        role: "MEMBER" as const,
        codeHash: uniqueSuffix().padEnd(64, "0"),
        invitedById: user.id,
        createdAt: anHourAgo,
        expiresAt: new Date(anHourAgo.getTime() + 7 * 86_400_000),
        revokedAt: anHourAgo,
      })),
    });
    const refusal = await createInvitationAction({ email: inviteeEmail(), role: "MEMBER" });
    expect(refusal).toMatchObject({
      ok: false,
      message:
        "This organization has sent the most invitations allowed in 24 hours (20). You can invite again in 23 hours.",
    });
    expect(refusal).not.toHaveProperty("fieldErrors.email");
  });
});

describe("createInvitationAction with SMTP_URL set", () => {
  let smtp: TestSmtpServer;
  beforeAll(async () => {
    smtp = await startTestSmtpServer();
    process.env.SMTP_URL = smtp.url;
    reloadConfig();
  });
  afterAll(async () => {
    delete process.env.SMTP_URL;
    reloadConfig();
    await smtp.close();
  });

  it("emails the link to the invitee and says so", async () => {
    await signInAs("OWNER");
    const email = inviteeEmail();
    const data = await invite(email);
    expect(data.emailed).toBe("sent");
    const message = smtp.received.find((received) => received.to.includes(email));
    expect(decodedMessage(message?.raw ?? "")).toContain(data.url);
  });

  it("keeps the invitation when the email is refused, and says it was not sent", async () => {
    const { organization } = await signInAs("OWNER");
    const email = inviteeEmail();
    smtp.refuseNext = 1;
    const data = await invite(email);
    expect(data.emailed).toBe("failed");
    // Kept, and its attempt counts against the address's emails for the day: a refusal
    // after the message was sent may still have delivered it.
    await expect(
      db.invitation.count({
        where: { organizationId: organization.id, email, emailAttempted: true },
      }),
    ).resolves.toBe(1);
  });

  // Past the day's invitation emails to one address, invitations are created, not emailed.
  function emailsTo(email: string) {
    return smtp.received.filter((received) => received.to.includes(email)).length;
  }

  it("lets a fresh organization invite an address three others emailed today: created, not emailed, naming no one", async () => {
    const email = inviteeEmail();
    const others: string[] = [];
    for (let index = 0; index < 3; index += 1) {
      const { organization } = await signInAs("OWNER");
      others.push(organization.name);
      expect((await invite(email)).emailed).toBe("sent");
    }
    expect(emailsTo(email)).toBe(3);

    const { organization } = await signInAs("OWNER");
    const result = await createInvitationAction({ email, role: "MEMBER" });
    expect(result).toMatchObject({ ok: true, data: { email, emailed: "withheld" } });
    expect(emailsTo(email)).toBe(3);
    await expect(
      db.invitation.count({ where: { organizationId: organization.id, email } }),
    ).resolves.toBe(1);
    for (const name of others) expect(JSON.stringify(result)).not.toContain(name);
  });

  it("stops emailing after the third round of a create-and-revoke loop in one organization", async () => {
    const { organization } = await signInAs("OWNER");
    const email = inviteeEmail();
    const outcomes: string[] = [];
    for (let round = 0; round < 4; round += 1) {
      outcomes.push((await invite(email)).emailed);
      const row = await db.invitation.findFirstOrThrow({
        where: { organizationId: organization.id, email, revokedAt: null },
        select: { id: true },
      });
      expect(await revokeInvitationAction({ invitationId: row.id })).toMatchObject({ ok: true });
    }
    expect(outcomes).toEqual(["sent", "sent", "sent", "withheld"]);
    expect(emailsTo(email)).toBe(3);
  });
});

describe("role matrix: inviting and revoking need members:manage", () => {
  it.each(["ADMIN", "MEMBER"] as const)("refuses a %s both, changing nothing", async (role) => {
    const { organization } = await signInAs(role);
    const email = inviteeEmail();
    const refusal = {
      ok: false,
      message: "Only owners can invite, change or remove members.",
    };
    expect(await createInvitationAction({ email, role: "MEMBER" })).toMatchObject(refusal);
    expect(await db.invitation.count({ where: { organizationId: organization.id } })).toBe(0);

    // An invitation an owner of the same organization sent.
    const { user: owner } = await createTestUser({ organizationId: organization.id });
    const pending = await db.invitation.create({
      data: {
        organizationId: organization.id,
        email,
        role: "MEMBER",
        codeHash: uniqueSuffix().padEnd(64, "0"),
        invitedById: owner.id,
        expiresAt: new Date(Date.now() + 86_400_000),
      },
    });
    expect(await revokeInvitationAction({ invitationId: pending.id })).toMatchObject(refusal);
    const row = await db.invitation.findUniqueOrThrow({ where: { id: pending.id } });
    expect(row.revokedAt).toBeNull();
  });

  it("lets an owner revoke, and says so", async () => {
    const { organization } = await signInAs("OWNER");
    const email = inviteeEmail();
    await invite(email);
    const row = await db.invitation.findFirstOrThrow({
      where: { organizationId: organization.id, email },
    });
    expect(await revokeInvitationAction({ invitationId: row.id })).toEqual({
      ok: true,
      data: null,
      message: "Invitation revoked.",
    });
    expect(revalidatePath).toHaveBeenCalledWith("/settings/members");
    expect(await revokeInvitationAction({ invitationId: "not-a-uuid" })).toMatchObject({
      ok: false,
      fieldErrors: { invitationId: ["Invitation not found"] },
    });
  });

  it("refuses everyone when signed out", async () => {
    expect(await createInvitationAction({ email: inviteeEmail(), role: "MEMBER" })).toMatchObject({
      ok: false,
      message: "Your session has ended. Sign in again to continue.",
    });
  });
});

describe("acceptInvitationAction", () => {
  it("joins the invited user, makes the organization current and opens the dashboard", async () => {
    const { organization } = await signInAs("OWNER");
    const email = inviteeEmail();
    const { url } = await invite(email, "ADMIN");
    session.current = null;
    // Someone with an account of their own, or none left at all: only the user counts.
    const user = await db.user.create({ data: { email, name: "Grace", passwordHash: "x" } });
    session.signedInUser = { id: user.id, email, name: "Grace", emailVerified: false };

    await expect(acceptInvitationAction({ code: codeOf(url) })).rejects.toMatchObject({
      digest: expect.stringMatching(/^NEXT_REDIRECT;.*;\/settings\/api-tokens;/),
    });
    expect(rememberOrganization).toHaveBeenCalledWith(organization.id);
    const membership = await db.membership.findUniqueOrThrow({
      where: { organizationId_userId: { organizationId: organization.id, userId: user.id } },
    });
    expect(membership.role).toBe("ADMIN");
    const event = await db.auditEvent.findFirstOrThrow({
      where: { organizationId: organization.id, action: "member.joined" },
    });
    expect(event).toMatchObject({ actorId: user.id, ip: "192.0.2.45" });

    // The link is single use.
    expect(await acceptInvitationAction({ code: codeOf(url) })).toMatchObject({
      ok: false,
      message: "This invitation has already been used.",
    });
  });

  it("asks a signed-out visitor to sign in, and refuses a malformed code", async () => {
    expect(await acceptInvitationAction({ code: "A".repeat(43) })).toMatchObject({
      ok: false,
      message: "Your session has ended. Sign in again to continue.",
    });
    session.signedInUser = {
      id: randomUUID(),
      email: "x@example.test",
      name: null,
      emailVerified: true,
    };
    try {
      expect(await acceptInvitationAction({ code: "<script>" })).toMatchObject({
        ok: false,
        fieldErrors: { code: ["This invitation link is not valid."] },
      });
    } finally {
      session.signedInUser = null;
    }
    expect(rememberOrganization).not.toHaveBeenCalled();
  });
});
