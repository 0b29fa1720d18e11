import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { createTestOrganization } from "@/test/factories";
import { memberContext } from "@/test/principals";
import { getTokenInsights, tokenInsightFromRow } from "./insights";
import { createLogTestToken, insertLogRows } from "./test-fixtures";

// Rows are dated relative to the real clock: a fixed date would age into the range that
// any retention or pruning run at the real time deletes.
const now = new Date();
const DAY_MS = 24 * 60 * 60 * 1000;
const daysAgo = (days: number) => new Date(now.getTime() - days * DAY_MS);
const daysAhead = (days: number) => new Date(now.getTime() + days * DAY_MS);

const baseRow = {
  id: "t",
  createdAt: daysAgo(100),
  expiresAt: null,
  revokedAt: null,
  rotatedAt: null,
  rotationEndsAt: null,
  lastUsedAt: daysAgo(1),
  deniedLast24h: 0,
  lastDeniedReason: null,
};

describe("tokenInsightFromRow", () => {
  it("flags active tokens idle for 30 days or more", () => {
    expect(tokenInsightFromRow({ ...baseRow, lastUsedAt: daysAgo(30) }, now).unused).toEqual({
      reason: "idle",
      lastUsedAt: daysAgo(30),
    });
    expect(tokenInsightFromRow({ ...baseRow, lastUsedAt: daysAgo(29.9) }, now).unused).toBeNull();
  });

  it("flags never-used tokens only after a 7-day grace period", () => {
    expect(
      tokenInsightFromRow({ ...baseRow, lastUsedAt: null, createdAt: daysAgo(7) }, now).unused,
    ).toEqual({ reason: "never_used", createdAt: daysAgo(7) });
    expect(
      tokenInsightFromRow({ ...baseRow, lastUsedAt: null, createdAt: daysAgo(6.9) }, now).unused,
    ).toBeNull();
  });

  it("counts whole days to expiry within the warning window", () => {
    expect(tokenInsightFromRow({ ...baseRow, expiresAt: daysAhead(7) }, now).expiresInDays).toBe(7);
    expect(tokenInsightFromRow({ ...baseRow, expiresAt: daysAhead(0.25) }, now).expiresInDays).toBe(
      1,
    );
    expect(
      tokenInsightFromRow({ ...baseRow, expiresAt: daysAhead(7.1) }, now).expiresInDays,
    ).toBeNull();
  });

  it("does not nag about revoked or expired tokens", () => {
    const revoked = {
      ...baseRow,
      revokedAt: daysAgo(1),
      lastUsedAt: null,
      expiresAt: daysAhead(2),
    };
    expect(tokenInsightFromRow(revoked, now)).toMatchObject({ unused: null, expiresInDays: null });
    const expired = { ...baseRow, expiresAt: daysAgo(1), lastUsedAt: daysAgo(60) };
    expect(tokenInsightFromRow(expired, now)).toMatchObject({ unused: null, expiresInDays: null });
  });

  it("does not nag about a rotated token, which already has its replacement", () => {
    const rotated = {
      ...baseRow,
      rotatedAt: daysAgo(1),
      lastUsedAt: null,
      expiresAt: daysAhead(2),
    };
    expect(tokenInsightFromRow(rotated, now)).toMatchObject({ unused: null, expiresInDays: null });
    // During its grace period it still works, so its denials can still be fixed.
    const inGrace = { ...rotated, rotationEndsAt: daysAhead(1), deniedLast24h: 2 };
    expect(
      tokenInsightFromRow({ ...inGrace, lastDeniedReason: "ip_not_allowed" }, now),
    ).toMatchObject({ deniedLast24h: 2, lastDeniedReason: "ip_not_allowed" });
  });

  it("counts no denials of a token that no longer works: nothing on the list can fix them", () => {
    const denied = { deniedLast24h: 3, lastDeniedReason: "token_revoked" };
    const dead = [
      { ...baseRow, ...denied, revokedAt: daysAgo(1) },
      { ...baseRow, ...denied, expiresAt: daysAgo(1) },
      // Rotated out: its grace period is over (its page lists what still sends it).
      { ...baseRow, ...denied, rotatedAt: daysAgo(2), rotationEndsAt: daysAgo(1) },
    ];
    for (const row of dead) {
      expect(tokenInsightFromRow(row, now)).toMatchObject({
        deniedLast24h: 0,
        lastDeniedReason: null,
      });
    }
    expect(tokenInsightFromRow({ ...baseRow, ...denied }, now)).toMatchObject(denied);
  });
});

describe("getTokenInsights", () => {
  it("computes every token's insights in one pass, scoped to the organization", async () => {
    const organizationId = (await createTestOrganization()).id;
    const otherOrganizationId = (await createTestOrganization()).id;

    const busy = await createLogTestToken(organizationId, {
      createdAt: daysAgo(90),
      lastUsedAt: new Date(now.getTime() - 600_000),
    });
    // Tried every day, always refused at authentication: never used.
    const deniedOnly = await createLogTestToken(organizationId, { createdAt: daysAgo(90) });
    const idle = await createLogTestToken(organizationId, {
      createdAt: daysAgo(90),
      lastUsedAt: daysAgo(45),
    });
    const neverUsed = await createLogTestToken(organizationId, { createdAt: daysAgo(8) });
    const fresh = await createLogTestToken(organizationId, { createdAt: daysAgo(1) });
    const expiring = await createLogTestToken(organizationId, {
      createdAt: daysAgo(2),
      expiresAt: daysAhead(3),
    });
    const theirs = await createLogTestToken(otherOrganizationId, { createdAt: daysAgo(90) });

    await insertLogRows(busy, [
      { createdAt: daysAgo(2), status: 401 },
      { createdAt: new Date(now.getTime() - 23 * 3600_000), status: 401 },
      { createdAt: new Date(now.getTime() - 2 * 3600_000), status: 403 },
      { createdAt: new Date(now.getTime() - 3600_000), status: 404 },
      { createdAt: new Date(now.getTime() - 600_000), status: 200 },
    ]);
    await insertLogRows(deniedOnly, [
      { createdAt: daysAgo(3), status: 403, refusalReason: "ip_not_allowed" },
      { createdAt: new Date(now.getTime() - 7200_000), status: 401, refusalReason: null },
      {
        createdAt: new Date(now.getTime() - 3600_000),
        status: 401,
        refusalReason: "token_expired",
      },
    ]);
    await insertLogRows(theirs, [{ createdAt: new Date(now.getTime() - 3600_000), status: 403 }]);

    const insights = await getTokenInsights(await memberContext(organizationId), now);

    expect([...insights.keys()].sort()).toEqual(
      [busy.id, deniedOnly.id, idle.id, neverUsed.id, fresh.id, expiring.id].sort(),
    );
    expect(insights.get(busy.id)).toMatchObject({
      unused: null,
      deniedLast24h: 2,
      lastDeniedReason: null,
    });
    expect(insights.get(deniedOnly.id)).toMatchObject({
      unused: { reason: "never_used", createdAt: daysAgo(90) },
      deniedLast24h: 2,
      lastDeniedReason: "token_expired",
    });
    expect(insights.get(idle.id)).toMatchObject({
      unused: { reason: "idle", lastUsedAt: daysAgo(45) },
      deniedLast24h: 0,
    });
    expect(insights.get(neverUsed.id)?.unused).toEqual({
      reason: "never_used",
      createdAt: daysAgo(8),
    });
    expect(insights.get(fresh.id)?.unused).toBeNull();
    expect(insights.get(expiring.id)).toMatchObject({ expiresInDays: 3, unused: null });

    const theirInsights = await getTokenInsights(await memberContext(otherOrganizationId), now);
    expect([...theirInsights.keys()]).toEqual([theirs.id]);
    expect(theirInsights.get(theirs.id)?.deniedLast24h).toBe(1);
  });

  it("drops denials for the plan once the plan has API access again", async () => {
    const organizationId = (await createTestOrganization()).id;
    const token = await createLogTestToken(organizationId, {
      createdAt: daysAgo(30),
      lastUsedAt: daysAgo(1),
    });
    await insertLogRows(token, [
      {
        createdAt: new Date(now.getTime() - 7200_000),
        status: 403,
        refusalReason: "ip_not_allowed",
      },
      {
        createdAt: new Date(now.getTime() - 3600_000),
        status: 403,
        refusalReason: "plan_without_api_access",
      },
    ]);

    // Still on Free: both denials need attention, the plan's the latest. The plan is the one
    // the member's session read.
    await db.organization.update({ where: { id: organizationId }, data: { plan: "FREE" } });
    const onFree = await getTokenInsights(await memberContext(organizationId), now);
    expect(onFree.get(token.id)).toMatchObject({
      deniedLast24h: 2,
      lastDeniedReason: "plan_without_api_access",
    });
    // Back on Pro: the plan's denial is settled, the allowlist's is not.
    await db.organization.update({ where: { id: organizationId }, data: { plan: "PRO" } });
    const onPro = await getTokenInsights(await memberContext(organizationId), now);
    expect(onPro.get(token.id)).toMatchObject({
      deniedLast24h: 1,
      lastDeniedReason: "ip_not_allowed",
    });
  });

  it("counts no denials of revoked, expired or rotated-out tokens, only of working ones", async () => {
    const organizationId = (await createTestOrganization()).id;
    const revoked = await createLogTestToken(organizationId, { revokedAt: daysAgo(1) });
    const expired = await createLogTestToken(organizationId, { expiresAt: daysAgo(1) });
    const rotatedOut = await createLogTestToken(organizationId);
    const inGrace = await createLogTestToken(organizationId);
    await db.apiToken.update({
      where: { id: rotatedOut.id },
      data: { rotatedAt: daysAgo(2), rotationEndsAt: daysAgo(1) },
    });
    await db.apiToken.update({
      where: { id: inGrace.id },
      data: { rotatedAt: daysAgo(1), rotationEndsAt: daysAhead(1) },
    });
    const refused = { createdAt: new Date(now.getTime() - 3600_000), status: 401 };
    for (const token of [revoked, expired, rotatedOut, inGrace]) {
      await insertLogRows(token, [{ ...refused, refusalReason: "ip_not_allowed" }]);
    }

    const insights = await getTokenInsights(await memberContext(organizationId), now);
    for (const dead of [revoked, expired, rotatedOut]) {
      expect(insights.get(dead.id)).toMatchObject({ deniedLast24h: 0, lastDeniedReason: null });
    }
    expect(insights.get(inGrace.id)).toMatchObject({
      deniedLast24h: 1,
      lastDeniedReason: "ip_not_allowed",
    });
  });
});
