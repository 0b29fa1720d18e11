import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { memberPrincipal } from "@/lib/auth/principal";
import { db } from "@/lib/db";
import { listRequestLogs } from "@/lib/services/logs/query";
import { createLogTestToken, insertLogRows } from "@/lib/services/logs/test-fixtures";
import { listNotifications } from "@/lib/services/notifications/list-notifications";
import { getToken, listTokens } from "@/lib/services/tokens";
import { createTestOrganization, createTestUser } from "@/test/factories";
import { sessionTokenFor, signedInRequest } from "@/test/signed-in-request";

// One user, an owner of both organization A and organization B, with B current in this
// browser. Unlike the tenant-isolation matrix (isolation.test.ts), the user really belongs
// to A, so anything that looked past the current organization (to the user's memberships)
// would work on A. Every dashboard read and write must stay inside B: A's token is "not
// found" and every row of A stays as it was. The session is the real one; only the cookies
// (the decoded session and the `ms_org` choice) are stood in for, as they need a request.

vi.mock("@/lib/session/session-cookie", () => import("@/test/signed-in-request"));
vi.mock("@/lib/session/current-organization", () => import("@/test/signed-in-request"));
vi.mock("@/lib/auth/request-ip", () => ({ getRequestIp: async () => "192.0.2.88" }));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));

const { getSessionContext } = await import("@/lib/session/session");
const { revokeTokenAction, revokeTokensAction, rotateTokenAction, updateTokenAction } =
  await import("@/lib/actions/tokens");
const { markNotificationsReadAction } = await import("@/lib/actions/notifications");
const { dismissExposureNoticesAction } = await import("@/lib/actions/exposure-notices");
const { changePlanAction } = await import("@/lib/actions/billing");
const { setTokenLifetimePolicyAction } = await import("@/lib/actions/token-policy");
const logsExport = await import("@/app/api/logs/export/route");
const auditExport = await import("@/app/api/audit-log/export/route");

let a: { organizationId: string; tokenId: string; notificationId: string };
let b: { organizationId: string; tokenId: string };

async function snapshotOfA() {
  const where = { organizationId: a.organizationId };
  const [organization, tokens, audit, notifications, memberships] = await Promise.all([
    db.organization.findUniqueOrThrow({ where: { id: a.organizationId } }),
    db.apiToken.findMany({ where, orderBy: { id: "asc" } }),
    db.auditEvent.findMany({ where, orderBy: { id: "asc" } }),
    db.notification.findMany({ where: { token: where }, orderBy: { id: "asc" } }),
    db.membership.findMany({ where, orderBy: { id: "asc" } }),
  ]);
  return { organization, tokens, audit, notifications, memberships };
}

beforeAll(async () => {
  const orgA = await createTestOrganization({ plan: "BUSINESS", name: "Org A" });
  const orgB = await createTestOrganization({ plan: "PRO", name: "Org B" });
  const { user } = await createTestUser({ organizationId: orgA.id, role: "OWNER" });
  await db.membership.create({ data: { organizationId: orgB.id, userId: user.id, role: "OWNER" } });
  signedInRequest.token = await sessionTokenFor(user);

  const tokenA = await createLogTestToken(orgA.id, { name: "Token of A" });
  await db.apiToken.update({
    where: { id: tokenA.id },
    data: { exposedAt: new Date(), exposedSource: "test" },
  });
  await insertLogRows(tokenA, [{ createdAt: new Date(), path: "/api/v1/domains/of-a" }]);
  await db.auditEvent.create({
    data: {
      organizationId: orgA.id,
      action: "token.created",
      targetType: "api_token",
      targetId: tokenA.id,
      metadata: { name: "Token of A" },
    },
  });
  const notification = await db.notification.create({
    data: { userId: user.id, tokenId: tokenA.id, kind: "TOKEN_EXPOSED" },
  });
  a = { organizationId: orgA.id, tokenId: tokenA.id, notificationId: notification.id };

  const tokenB = await createLogTestToken(orgB.id, { name: "Token of B" });
  b = { organizationId: orgB.id, tokenId: tokenB.id };
});

let before: Awaited<ReturnType<typeof snapshotOfA>>;
beforeEach(async () => {
  signedInRequest.chosenOrganizationId = b.organizationId;
  before = await snapshotOfA();
});

afterAll(async () => {
  await db.$disconnect();
});

async function expectAUnchanged() {
  expect(await snapshotOfA()).toEqual(before);
}

describe("with organization B current, for an owner of A and B", () => {
  it("the session is B's", async () => {
    const context = await getSessionContext();
    expect(context?.organization.id).toBe(b.organizationId);
    expect(context?.organizations.map(({ id }) => id).sort()).toEqual(
      [a.organizationId, b.organizationId].sort(),
    );
  });

  it("the token list, token details, access logs and notifications show only B's", async () => {
    // What a page hands the services: the principal built from the session.
    const pageContext = async () => {
      const session = await getSessionContext();
      if (!session) throw new Error("signed out");
      return { principal: memberPrincipal(session, null), organizationId: session.organization.id };
    };
    const inB = await pageContext();
    expect((await listTokens(inB)).map(({ id }) => id)).toEqual([b.tokenId]);
    await expect(getToken(inB, a.tokenId)).rejects.toMatchObject({ code: "not_found" });
    const logs = await listRequestLogs(inB, { tokenId: a.tokenId, limit: 100 });
    expect(logs.rows).toEqual([]);
    const notifications = await listNotifications(inB);
    expect(notifications.items).toEqual([]);
    // Switching back shows A's again: the choice, not the membership, decides.
    signedInRequest.chosenOrganizationId = a.organizationId;
    expect((await listTokens(await pageContext())).map(({ id }) => id)).toEqual([a.tokenId]);
  });

  it("editing, rotating and revoking A's token answer 'not found' and change nothing", async () => {
    const results = [
      await updateTokenAction({ tokenId: a.tokenId, name: "pwned" }),
      await rotateTokenAction({
        tokenId: a.tokenId,
        gracePeriodSeconds: 0,
        expireOnFirstUse: false,
      }),
      await revokeTokenAction({ tokenId: a.tokenId }),
    ];
    for (const result of results) {
      expect(result).toMatchObject({ ok: false, message: "Token not found" });
    }
    const bulk = await revokeTokensAction({ tokenIds: [a.tokenId] });
    expect(bulk).toEqual({
      ok: true,
      data: [{ tokenId: a.tokenId, name: null, outcome: "not_found" }],
    });
    await expectAUnchanged();
  });

  it("marking A's notification read, dismissing the exposure banner, the plan and the token policy only touch B", async () => {
    await markNotificationsReadAction({ id: a.notificationId });
    await markNotificationsReadAction({});
    await dismissExposureNoticesAction({ through: new Date().toISOString() });
    expect(await changePlanAction({ plan: "ENTERPRISE" })).toMatchObject({ ok: true });
    expect(await setTokenLifetimePolicyAction({ maxTokenLifetimeDays: "30" })).toMatchObject({
      ok: true,
    });
    await expectAUnchanged();
    const orgB = await db.organization.findUniqueOrThrow({ where: { id: b.organizationId } });
    expect(orgB).toMatchObject({ plan: "ENTERPRISE", maxTokenLifetimeDays: 30 });
  });

  it("the CSV exports of access logs and the audit log hold only B's rows", async () => {
    const logsCsv = await (
      await logsExport.GET(new Request("http://localhost/api/logs/export"))
    ).text();
    expect(logsCsv).not.toContain("/api/v1/domains/of-a");
    const auditCsv = await (
      await auditExport.GET(new Request("http://localhost/api/audit-log/export"))
    ).text();
    expect(auditCsv).not.toContain("Token of A");
    expect(auditCsv).not.toContain(a.tokenId);
  });
});
