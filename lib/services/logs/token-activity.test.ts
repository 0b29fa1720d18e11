import { describe, expect, it } from "vitest";
import { GET as listDomains } from "@/app/api/v1/domains/route";
import { flushLastUsedUpdates } from "@/lib/api/last-used";
import { db } from "@/lib/db";
import { ACTIVITY_DAYS } from "@/lib/rules/insight-rules";
import { getToken, listTokens } from "@/lib/services/tokens";
import { apiRequest, createApiToken } from "@/test/api/helpers";
import { createTestOrganization } from "@/test/factories";
import { memberContext } from "@/test/principals";
import { createLogTestToken, insertLogRows } from "./test-fixtures";
import { activityWindowStart, getTokenActivity } from "./token-activity";
import { flushRequestLogs } from "./writer";

const now = new Date("2026-11-22T15:30:00Z");
const at = (iso: string) => new Date(iso);

/** Stamps the token's last use as the API does when it accepts a request. */
async function stampLastUse(tokenId: string, iso: string, ip: string) {
  await db.apiToken.update({
    where: { id: tokenId },
    data: { lastUsedAt: at(iso), lastUsedIp: ip },
  });
}

describe("activityWindowStart", () => {
  it("starts at 00:00 UTC 29 days before today, so the chart shows 30 whole days", () => {
    expect(activityWindowStart(now).toISOString()).toBe("2026-10-24T00:00:00.000Z");
  });
});

describe("getTokenActivity", () => {
  it("summarizes the token's last 30 days", async () => {
    const organizationId = (await createTestOrganization()).id;
    const token = await createLogTestToken(organizationId);
    const sibling = await createLogTestToken(organizationId);
    await insertLogRows(token, [
      // Outside the window: neither counted nor charted.
      { createdAt: at("2026-10-23T23:59:59Z"), status: 500, clientIp: "192.0.2.1" },
      { createdAt: at("2026-10-24T00:00:00Z"), status: 200, clientIp: "192.0.2.1" },
      { createdAt: at("2026-11-20T08:00:00Z"), status: 200, clientIp: "192.0.2.1" },
      { createdAt: at("2026-11-20T09:00:00Z"), status: 404, clientIp: "192.0.2.2" },
      { createdAt: at("2026-11-22T10:00:00Z"), status: 399, clientIp: "192.0.2.1" },
      { createdAt: at("2026-11-22T11:00:00Z"), status: 503, clientIp: "192.0.2.1" },
    ]);
    await insertLogRows(sibling, [{ createdAt: at("2026-11-22T12:00:00Z"), status: 500 }]);
    // Accepted at authentication just before the 11:00 request was logged.
    await stampLastUse(token.id, "2026-11-22T10:59:59.950Z", "192.0.2.1");

    const activity = await getTokenActivity(await memberContext(organizationId), token.id, {
      now,
      recentLimit: 3,
    });

    expect(activity.daily).toHaveLength(ACTIVITY_DAYS);
    expect(activity.daily[0]).toEqual({ day: "2026-10-24", successes: 1, failures: 0 });
    expect(activity.daily.find((day) => day.day === "2026-11-20")).toEqual({
      day: "2026-11-20",
      successes: 1,
      failures: 1,
    });
    expect(activity.daily.at(-1)).toEqual({ day: "2026-11-22", successes: 1, failures: 1 });
    expect(activity.daily.find((day) => day.day === "2026-11-01")).toEqual({
      day: "2026-11-01",
      successes: 0,
      failures: 0,
    });
    expect(activity.totalRequests).toBe(5);
    expect(activity.failedRequests).toBe(2);
    expect(activity.failureRate).toBeCloseTo(0.4);
    expect(activity.distinctIps).toBe(2);
    expect(activity.recent.map((row) => row.status)).toEqual([503, 399, 404]);
    expect(activity.recent.every((row) => row.tokenId === token.id)).toBe(true);
    expect(activity.lastUsed).toEqual({
      at: at("2026-11-22T10:59:59.950Z"),
      ip: "192.0.2.1",
      isNewIp: false,
    });
    expect(activity.lastDenied).toBeNull();
  });

  it("marks the last-used IP as new when the token did not use it in the previous 30 days", async () => {
    const organizationId = (await createTestOrganization()).id;
    const token = await createLogTestToken(organizationId);
    const other = await createLogTestToken(organizationId);
    await insertLogRows(token, [
      // Seen, but more than 30 days before the latest request.
      { createdAt: at("2026-10-01T10:00:00Z"), clientIp: "198.51.100.7" },
      { createdAt: at("2026-11-21T10:00:00Z"), clientIp: "192.0.2.1" },
    ]);
    // Another token using the IP does not make it familiar to this one.
    await insertLogRows(other, [
      { createdAt: at("2026-11-21T11:00:00Z"), clientIp: "198.51.100.7" },
    ]);
    await insertLogRows(token, [
      { createdAt: at("2026-11-22T10:00:00Z"), clientIp: "198.51.100.7" },
    ]);
    await stampLastUse(token.id, "2026-11-22T09:59:59.950Z", "198.51.100.7");

    const activity = await getTokenActivity(await memberContext(organizationId), token.id, { now });
    expect(activity.lastUsed).toMatchObject({ ip: "198.51.100.7", isNewIp: true });
  });

  it("does not call the only IP a token ever used new: there is nothing it is new against", async () => {
    const organizationId = (await createTestOrganization()).id;
    const token = await createLogTestToken(organizationId);
    await insertLogRows(token, [{ createdAt: at("2026-11-22T10:00:00Z"), clientIp: "192.0.2.9" }]);
    await stampLastUse(token.id, "2026-11-22T09:59:59.950Z", "192.0.2.9");
    const activity = await getTokenActivity(await memberContext(organizationId), token.id, { now });
    expect(activity.lastUsed).toMatchObject({ ip: "192.0.2.9", isNewIp: false });
  });

  it("is empty for an unused token; a last use older than the kept logs makes no IP claim", async () => {
    const organizationId = (await createTestOrganization()).id;
    const token = await createLogTestToken(organizationId);
    const empty = await getTokenActivity(await memberContext(organizationId), token.id, { now });
    expect(empty).toMatchObject({
      recent: [],
      totalRequests: 0,
      failureRate: null,
      distinctIps: 0,
      lastUsed: null,
    });
    expect(empty.daily.every((day) => day.successes === 0 && day.failures === 0)).toBe(true);

    await stampLastUse(token.id, "2026-01-01T00:00:00Z", "192.0.2.3");
    const pruned = await getTokenActivity(await memberContext(organizationId), token.id, { now });
    expect(pruned.lastUsed).toEqual({
      at: at("2026-01-01T00:00:00Z"),
      ip: "192.0.2.3",
      isNewIp: false,
    });
  });

  it("shows nothing of another organization's token", async () => {
    const organizationId = (await createTestOrganization()).id;
    const otherOrganizationId = (await createTestOrganization()).id;
    const theirs = await createLogTestToken(otherOrganizationId, { lastUsedAt: now });
    await insertLogRows(theirs, [{ createdAt: at("2026-11-22T10:00:00Z") }]);

    const activity = await getTokenActivity(await memberContext(organizationId), theirs.id, {
      now,
    });
    expect(activity.recent).toEqual([]);
    expect(activity.totalRequests).toBe(0);
    expect(activity.distinctIps).toBe(0);
    expect(activity.lastUsed).toBeNull();
    expect(activity.lastDenied).toBeNull();
  });

  it("never counts a denied request as use; shows the latest denial with its reason", async () => {
    const organizationId = (await createTestOrganization()).id;
    const token = await createLogTestToken(organizationId);
    await insertLogRows(token, [
      {
        createdAt: at("2026-11-22T10:00:00Z"),
        status: 403,
        clientIp: "198.51.100.7",
        refusalReason: "ip_not_allowed",
        errorCode: "forbidden",
      },
      {
        createdAt: at("2026-11-22T11:00:00Z"),
        status: 401,
        clientIp: "198.51.100.8",
        refusalReason: "token_revoked",
        errorCode: "unauthorized",
      },
      // Refused, but after authentication: not a denial at the door.
      { createdAt: at("2026-11-22T11:30:00Z"), status: 404, errorCode: "not_found" },
    ]);

    const activity = await getTokenActivity(await memberContext(organizationId), token.id, { now });
    expect(activity.lastUsed).toBeNull();
    expect(activity.lastDenied).toEqual({
      at: at("2026-11-22T11:00:00Z"),
      ip: "198.51.100.8",
      status: 401,
      refusalReason: "token_revoked",
      requiredScope: null,
      errorCode: "unauthorized",
    });
  });

  it("agrees with the tokens list and the token's details after real API calls", async () => {
    const organizationId = (await createTestOrganization()).id;
    const { token, row } = await createApiToken({ organizationId, ipAllowlist: ["192.0.2.0/24"] });
    const call = (ip: string) =>
      listDomains(apiRequest("/api/v1/domains", { token, ip }), { params: Promise.resolve({}) });

    // Denied: the caller's IP is outside the allowlist.
    expect((await call("198.51.100.20")).status).toBe(403);
    await flushRequestLogs();
    await flushLastUsedUpdates();
    const deniedOnly = await getTokenActivity(await memberContext(organizationId), row.id);
    expect(deniedOnly.recent).toHaveLength(1);
    expect(deniedOnly.lastUsed).toBeNull();
    expect(deniedOnly.lastDenied).toMatchObject({ status: 403, ip: "198.51.100.20" });
    expect((await getToken(await memberContext(organizationId), row.id)).lastUsedAt).toBeNull();

    // Accepted from inside the allowlist: every view shows the same last use.
    expect((await call("192.0.2.20")).status).toBe(200);
    await flushRequestLogs();
    await flushLastUsedUpdates();
    const details = await getToken(await memberContext(organizationId), row.id);
    const listed = (await listTokens(await memberContext(organizationId))).find(
      (summary) => summary.id === row.id,
    );
    const activity = await getTokenActivity(await memberContext(organizationId), row.id);
    expect(details.lastUsedAt).not.toBeNull();
    expect(listed).toMatchObject({ lastUsedAt: details.lastUsedAt, lastUsedIp: "192.0.2.20" });
    expect(activity.lastUsed).toMatchObject({ at: details.lastUsedAt, ip: "192.0.2.20" });
    expect(activity.lastDenied).toMatchObject({ status: 403, ip: "198.51.100.20" });
  });
});
