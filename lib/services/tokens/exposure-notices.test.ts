import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { createApiToken } from "@/test/api/helpers";
import { createTestTenant, createTestUser } from "@/test/factories";
import { memberOf } from "@/test/principals";
import {
  dismissExposureNotices,
  EXPOSURE_NOTICE_LIMIT,
  listExposureNotices,
} from "./exposure-notices";

afterAll(async () => {
  await db.$disconnect();
});

async function exposedToken(organizationId: string, exposedAt: Date, url = "https://x.test/a") {
  const { row } = await createApiToken({ organizationId, revokedAt: exposedAt });
  return db.apiToken.update({
    where: { id: row.id },
    data: { exposedAt, exposedUrl: url, exposedSource: "content" },
  });
}

/** The member as the layout hands them to the services. */
async function asMember(organizationId: string, userId: string) {
  return { principal: await memberOf(organizationId, userId), organizationId };
}

describe("exposure notices", () => {
  it("lists an organization's exposed tokens, newest first, and counts those beyond the limit", async () => {
    const { organization, user } = await createTestTenant({ plan: "PRO" });
    await createApiToken({ organizationId: organization.id });
    const base = Date.now() - 60_000;
    const tokens = [];
    for (let i = 0; i <= EXPOSURE_NOTICE_LIMIT; i += 1) {
      tokens.push(await exposedToken(organization.id, new Date(base + i * 1000)));
    }
    const other = await createTestTenant({ plan: "PRO" });
    await exposedToken(other.organization.id, new Date());

    const notices = await listExposureNotices(await asMember(organization.id, user.id));
    expect(notices.total).toBe(EXPOSURE_NOTICE_LIMIT + 1);
    expect(notices.tokens.map((token) => token.id)).toEqual(
      tokens
        .slice(1)
        .reverse()
        .map((token) => token.id),
    );
    expect(notices.tokens[0]?.exposure).toEqual({
      at: tokens.at(-1)?.exposedAt,
      url: "https://x.test/a",
      source: "content",
    });
    expect(notices.newestAt).toEqual(tokens.at(-1)?.exposedAt);
  });

  it("dismisses for one member only, up to the newest exposure shown; a later one shows again", async () => {
    const { organization, user } = await createTestTenant({ plan: "PRO" });
    const { user: colleague } = await createTestUser({
      organizationId: organization.id,
      role: "ADMIN",
    });
    const first = await exposedToken(organization.id, new Date(Date.now() - 10_000));
    const shown = await listExposureNotices(await asMember(organization.id, user.id));
    await dismissExposureNotices(await asMember(organization.id, user.id), {
      through: shown.newestAt as Date,
    });

    expect((await listExposureNotices(await asMember(organization.id, user.id))).total).toBe(0);
    const theirs = await listExposureNotices(await asMember(organization.id, colleague.id));
    expect(theirs.tokens.map((token) => token.id)).toEqual([first.id]);

    // A stale dismissal (an older instant) does not bring back what was dismissed.
    await dismissExposureNotices(await asMember(organization.id, user.id), {
      through: new Date(0),
    });
    expect((await listExposureNotices(await asMember(organization.id, user.id))).total).toBe(0);

    const later = await exposedToken(organization.id, new Date());
    const again = await listExposureNotices(await asMember(organization.id, user.id));
    expect(again.tokens.map((token) => token.id)).toEqual([later.id]);
  });
});
