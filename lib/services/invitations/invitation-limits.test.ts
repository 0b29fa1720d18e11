import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { UserPrincipal } from "@/lib/auth/principal";
import { reloadConfig } from "@/lib/config";
import { db } from "@/lib/db";
import { holdClock } from "@/test/clock";
import { expectAppError } from "@/test/expect-app-error";
import { createTestTenant } from "@/test/factories";
import { createInvitation } from "./create-invitation";
import { revokeInvitation } from "./revoke-invitation";
import { IP, inviteeEmail } from "./test-invitations";

// Every invitation may be an email from MailShield's sender to an address the inviter chose.
// How many are created is bounded per organization in any 24 hours (past it, refused); how
// many are emailed to one address is bounded across every organization (past it, the
// invitation is created but not emailed, so no account can keep an employer from inviting
// that address). Both are counted from the invitations table itself: revoked and accepted
// invitations keep their rows, so a create-and-revoke loop counts every round.

afterAll(async () => {
  await db.$disconnect();
});

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;

async function owner() {
  const { organization, user } = await createTestTenant();
  const principal: UserPrincipal = { kind: "user", userId: user.id, ip: IP };
  return { organizationId: organization.id, principal };
}

function inviteAt(
  sender: { organizationId: string; principal: UserPrincipal },
  email: string,
  now: Date,
) {
  holdClock(now);
  return createInvitation(sender, { email, role: "MEMBER" });
}

describe("invitation emails per recipient and 24 hours", () => {
  // The service only decides whether the email goes out; SMTP_URL must merely be set.
  beforeAll(() => {
    process.env.SMTP_URL = "smtp://127.0.0.1:2525";
    reloadConfig();
  });
  afterAll(() => {
    delete process.env.SMTP_URL;
    reloadConfig();
  });

  async function emailAttempts(email: string) {
    return db.invitation.count({ where: { email, emailAttempted: true } });
  }

  it("creates a fourth organization's invitation to an address emailed three times today, without emailing it", async () => {
    const email = inviteeEmail();
    const start = new Date();
    for (let index = 0; index < 3; index += 1) {
      const { emailing } = await inviteAt(await owner(), email, new Date(start.getTime() + index));
      expect(emailing).toBe("send");
    }
    const fourth = await owner();
    const created = await inviteAt(fourth, email, new Date(start.getTime() + HOUR_MS));
    expect(created.emailing).toBe("withheld");
    await expect(
      db.invitation.findUniqueOrThrow({ where: { id: created.invitation.id } }),
    ).resolves.toMatchObject({ organizationId: fourth.organizationId, emailAttempted: false });
    await expect(emailAttempts(email)).resolves.toBe(3);

    // The window rolls: 24 hours after the first email, one more goes out.
    const nextDay = await inviteAt(await owner(), email, new Date(start.getTime() + DAY_MS));
    expect(nextDay.emailing).toBe("send");
  });

  it("counts revoked invitations, so creating and revoking in a loop stops emailing after the third", async () => {
    const sender = await owner();
    const email = inviteeEmail();
    const start = new Date();
    for (let round = 0; round < 5; round += 1) {
      const { invitation, emailing } = await inviteAt(
        sender,
        email,
        new Date(start.getTime() + round),
      );
      expect(emailing).toBe(round < 3 ? "send" : "withheld");
      await revokeInvitation(sender, { invitationId: invitation.id });
    }
    await expect(db.invitation.count({ where: { email } })).resolves.toBe(5);
    await expect(emailAttempts(email)).resolves.toBe(3);
  });

  it("counts no invitation created without SMTP_URL, which emailed nothing", async () => {
    const email = inviteeEmail();
    const now = new Date();
    delete process.env.SMTP_URL;
    reloadConfig();
    try {
      for (let index = 0; index < 3; index += 1) {
        const { emailing } = await inviteAt(await owner(), email, now);
        expect(emailing).toBe("not_configured");
      }
    } finally {
      process.env.SMTP_URL = "smtp://127.0.0.1:2525";
      reloadConfig();
    }
    await expect(emailAttempts(email)).resolves.toBe(0);
    const { emailing } = await inviteAt(await owner(), email, now);
    expect(emailing).toBe("send");
  });

  it("holds under concurrent invitations from many organizations: exactly three are emailed", async () => {
    const email = inviteeEmail();
    const now = new Date();
    const senders = await Promise.all(Array.from({ length: 6 }, () => owner()));
    const created = await Promise.all(senders.map((sender) => inviteAt(sender, email, now)));
    expect(created.filter(({ emailing }) => emailing === "send")).toHaveLength(3);
    expect(created.filter(({ emailing }) => emailing === "withheld")).toHaveLength(3);
    await expect(emailAttempts(email)).resolves.toBe(3);
  });
});

describe("invitations per organization and 24 hours", () => {
  it("refuses the 21st in 24 hours, revoked ones included, with the wait in the message", async () => {
    const sender = await owner();
    const start = new Date();
    for (let index = 0; index < 20; index += 1) {
      const { invitation } = await inviteAt(
        sender,
        inviteeEmail(),
        new Date(start.getTime() + index),
      );
      if (index % 2 === 0) await revokeInvitation(sender, { invitationId: invitation.id });
    }
    const later = new Date(start.getTime() + 23.5 * HOUR_MS);
    await expectAppError(
      inviteAt(sender, inviteeEmail(), later),
      "rate_limited",
      "This organization has sent the most invitations allowed in 24 hours (20). You can invite again in 30 minutes.",
    );
    await expect(
      db.invitation.count({ where: { organizationId: sender.organizationId } }),
    ).resolves.toBe(20);
    await expect(
      inviteAt(sender, inviteeEmail(), new Date(start.getTime() + DAY_MS)),
    ).resolves.toBeTruthy();
  });

  it("holds under concurrent invitations: exactly the room left is created", async () => {
    const sender = await owner();
    const now = new Date();
    for (let index = 0; index < 17; index += 1) await inviteAt(sender, inviteeEmail(), now);
    const results = await Promise.allSettled(
      Array.from({ length: 6 }, () => inviteAt(sender, inviteeEmail(), now)),
    );
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(3);
    for (const result of results) {
      if (result.status === "rejected")
        expect(result.reason).toMatchObject({ code: "rate_limited" });
    }
    await expect(
      db.invitation.count({ where: { organizationId: sender.organizationId } }),
    ).resolves.toBe(20);
  });
});
