import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { expectAppError } from "@/test/expect-app-error";
import { createTestTenant } from "@/test/factories";
import { createInvitation } from "./create-invitation";
import { revokeInvitation } from "./revoke-invitation";
import { IP, inviteeEmail } from "./test-invitations";

// Every invitation is an email from MailShield's sender to an address the inviter chose, so
// how many are created is bounded per organization and per recipient (across every
// organization) in any 24 hours, counted from the invitations table itself: revoked and
// accepted invitations keep their rows, so a create-and-revoke loop counts every round.

afterAll(async () => {
  await db.$disconnect();
});

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;

async function owner() {
  const { organization, user } = await createTestTenant();
  return { organizationId: organization.id, actorUserId: user.id };
}

function inviteAt(
  sender: { organizationId: string; actorUserId: string },
  email: string,
  now: Date,
) {
  return createInvitation({ ...sender, email, role: "MEMBER", ip: IP, now });
}

describe("invitations per recipient and 24 hours", () => {
  it("counts revoked invitations, so creating and revoking in a loop stops at the third", async () => {
    const sender = await owner();
    const email = inviteeEmail();
    const start = new Date();
    for (let round = 0; round < 3; round += 1) {
      const { invitation } = await inviteAt(sender, email, new Date(start.getTime() + round));
      await revokeInvitation({ ...sender, invitationId: invitation.id, ip: IP });
    }
    const error = await expectAppError(
      inviteAt(sender, email, new Date(start.getTime() + HOUR_MS)),
      "rate_limited",
    );
    const message =
      "This address has received the most invitations allowed in 24 hours (3). You can invite it again in 23 hours.";
    expect(error.message).toBe(message);
    expect(error.fieldErrors?.email).toEqual([message]);
    await expect(db.invitation.count({ where: { email } })).resolves.toBe(3);

    // The window rolls: 24 hours after the first, one more is allowed.
    await expect(inviteAt(sender, email, new Date(start.getTime() + DAY_MS))).resolves.toBeTruthy();
  });

  it("counts the invitations of every organization to that address", async () => {
    const email = inviteeEmail();
    const now = new Date();
    for (let index = 0; index < 3; index += 1) await inviteAt(await owner(), email, now);
    await expectAppError(inviteAt(await owner(), email, now), "rate_limited");
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
      if (index % 2 === 0)
        await revokeInvitation({ ...sender, invitationId: invitation.id, ip: IP });
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
