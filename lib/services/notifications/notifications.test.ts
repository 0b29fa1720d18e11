import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { reportExposedTokens } from "@/lib/services/tokens/report-exposed";
import { createApiToken } from "@/test/api/helpers";
import { createTestTenant, createTestUser } from "@/test/factories";
import { memberOf } from "@/test/principals";
import { createExpiryReminders } from "./create-notifications";
import { listNotifications, markNotificationsRead } from "./list-notifications";

afterAll(async () => {
  await db.$disconnect();
});

const HOUR_MS = 60 * 60 * 1000;
const exposure = { url: "https://paste.test/a", source: "content" };

/** An organization with an owner, an admin and a member. */
async function team() {
  const { organization, user: owner } = await createTestTenant({ plan: "PRO" });
  const { user: admin } = await createTestUser({ organizationId: organization.id, role: "ADMIN" });
  const { user: member } = await createTestUser({
    organizationId: organization.id,
    role: "MEMBER",
  });
  return { organization, owner, admin, member };
}

function notificationsOf(tokenId: string) {
  return db.notification.findMany({
    where: { tokenId },
    select: { userId: true, kind: true, thresholdDays: true },
    orderBy: [{ thresholdDays: "desc" }, { userId: "asc" }],
  });
}

describe("exposure notifications", () => {
  it("tells each owner and admin, not members, once, when a report revokes a token", async () => {
    const { organization, owner, admin, member } = await team();
    const { token, row } = await createApiToken({ organizationId: organization.id });

    await reportExposedTokens([{ token, exposure }], null);
    // Reported again: already revoked, nobody is told twice.
    await reportExposedTokens([{ token, exposure }], null);

    const rows = await notificationsOf(row.id);
    expect(rows.map((notification) => notification.userId).sort()).toEqual(
      [owner.id, admin.id].sort(),
    );
    expect(rows.every((notification) => notification.kind === "TOKEN_EXPOSED")).toBe(true);
    const memberList = await listNotifications({
      organizationId: organization.id,
      principal: await memberOf(organization.id, member.id),
    });
    expect(memberList).toEqual({ items: [], unread: 0 });
  });

  it("lists them unread for the member's organization until marked read", async () => {
    const { organization, owner } = await team();
    const { token, row } = await createApiToken({ organizationId: organization.id, name: "CI" });
    await reportExposedTokens([{ token, exposure }], null);
    const scope = {
      organizationId: organization.id,
      principal: await memberOf(organization.id, owner.id),
    };

    const list = await listNotifications(scope);
    expect(list.unread).toBe(1);
    expect(list.items).toMatchObject([
      {
        tokenId: row.id,
        read: false,
        title: `API token “CI …${row.lastFour}” was found exposed in public and revoked`,
      },
    ]);
    const other = await createTestTenant();
    // Someone outside the organization marks nothing: they are refused.
    const outsider = await memberOf(other.organization.id, other.user.id);
    await expect(
      markNotificationsRead({ ...scope, principal: outsider }, {}),
    ).rejects.toMatchObject({ code: "forbidden" });
    expect(await markNotificationsRead(scope, { id: list.items[0]?.id })).toBe(1);
    expect((await listNotifications(scope)).unread).toBe(0);
    expect((await listNotifications(scope)).items[0]?.read).toBe(true);
  });
});

describe("expiry reminders", () => {
  it("reminds owners and admins once per threshold, however many runs happen at once", async () => {
    const { organization, owner, admin } = await team();
    const now = new Date();
    const expiresAt = (hours: number) => new Date(now.getTime() + hours * HOUR_MS);
    const inSixDays = await createApiToken({
      organizationId: organization.id,
      expiresAt: expiresAt(6 * 24),
    });
    const inTwentyHours = await createApiToken({
      organizationId: organization.id,
      expiresAt: expiresAt(20),
    });
    const inTenDays = await createApiToken({
      organizationId: organization.id,
      expiresAt: expiresAt(10 * 24),
    });
    const revoked = await createApiToken({
      organizationId: organization.id,
      expiresAt: expiresAt(20),
      revokedAt: now,
    });

    // Four instances' workers running the job at the same moment.
    await Promise.all(Array.from({ length: 4 }, () => createExpiryReminders(now)));
    await createExpiryReminders(now);

    const people = [owner.id, admin.id].sort();
    const expected = (thresholdDays: number) =>
      people.map((userId) => ({ userId, kind: "TOKEN_EXPIRING", thresholdDays }));
    expect(await notificationsOf(inSixDays.row.id)).toEqual(expected(7));
    expect(await notificationsOf(inTwentyHours.row.id)).toEqual(expected(1));
    expect(await notificationsOf(inTenDays.row.id)).toEqual([]);
    expect(await notificationsOf(revoked.row.id)).toEqual([]);

    // Five days later the first token crosses the 1-day threshold: one more reminder.
    await Promise.all(
      Array.from({ length: 2 }, () =>
        createExpiryReminders(new Date(now.getTime() + 5 * 24 * HOUR_MS + HOUR_MS)),
      ),
    );
    expect(await notificationsOf(inSixDays.row.id)).toEqual([...expected(7), ...expected(1)]);
  });
});
