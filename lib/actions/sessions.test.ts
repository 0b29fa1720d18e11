import { afterAll, beforeEach, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import { listSessions, startSession } from "@/lib/services/sessions/records";
import { createTestTenant } from "@/test/factories";
import { sessionTokenFor, signedInRequest } from "@/test/signed-in-request";

// Settings → Security → Sessions, through the actions and the real session module on the
// real database: only the request's cookies, its IP and cache revalidation are stood in for.

vi.mock("@/lib/session/session-cookie", () => import("@/test/signed-in-request"));
vi.mock("@/lib/session/current-organization", () => import("@/test/signed-in-request"));
vi.mock("@/lib/auth/request-ip", () => ({ getRequestIp: async () => "192.0.2.46" }));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));

const { endOtherSessionsAction, endSessionAction } = await import("./sessions");

const CHROME_MAC =
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
const SAFARI_IPHONE =
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";

async function personWithTwoBrowsers() {
  const tenant = await createTestTenant();
  signedInRequest.token = await sessionTokenFor(tenant.user);
  const phone = await startSession({
    userId: tenant.user.id,
    ip: "203.0.113.7",
    userAgent: SAFARI_IPHONE,
  });
  return { ...tenant, here: signedInRequest.token.sessionId, phone: phone.sessionId };
}

const rowsOf = async (userId: string) =>
  (await db.userSession.findMany({ where: { userId }, select: { id: true } })).map(({ id }) => id);

beforeEach(() => {
  signedInRequest.token = null;
});

afterAll(async () => {
  await db.$disconnect();
});

describe("the Sessions list", () => {
  it("shows this device first, then each other session with its browser, OS and IP", async () => {
    const { user } = await createTestTenant();
    const laptop = await startSession({
      userId: user.id,
      ip: "198.51.100.1",
      userAgent: CHROME_MAC,
    });
    const phone = await startSession({
      userId: user.id,
      ip: "203.0.113.7",
      userAgent: SAFARI_IPHONE,
    });
    const list = await listSessions(user.id, laptop.sessionId);
    expect(list).toEqual([
      expect.objectContaining({
        id: laptop.sessionId,
        current: true,
        browser: "Chrome 131",
        os: "macOS 10.15.7",
        ip: "198.51.100.1",
      }),
      expect.objectContaining({
        id: phone.sessionId,
        current: false,
        browser: "Safari 17",
        os: "iOS 17.5",
        ip: "203.0.113.7",
      }),
    ]);
  });
});

describe("Sign out (another session)", () => {
  it("ends that session, audits it in the person's organization, and keeps this one", async () => {
    const { user, organization, here, phone } = await personWithTwoBrowsers();
    const result = await endSessionAction({ sessionId: phone });
    expect(result).toMatchObject({ ok: true, message: "Session signed out." });
    expect(await rowsOf(user.id)).toEqual([here]);
    const events = await db.auditEvent.findMany({
      where: { organizationId: organization.id, action: "user.session_signed_out" },
    });
    expect(events).toMatchObject([{ actorId: user.id, targetId: user.id, ip: "192.0.2.46" }]);
  });

  it("cannot end another person's session, nor this one (that is Sign out)", async () => {
    const { user, here } = await personWithTwoBrowsers();
    const { user: stranger } = await createTestTenant();
    const theirs = await startSession({ userId: stranger.id, ip: null, userAgent: null });

    expect(await endSessionAction({ sessionId: theirs.sessionId })).toMatchObject({
      ok: false,
      message: "That session has already ended.",
    });
    expect(await rowsOf(stranger.id)).toEqual([theirs.sessionId]);
    expect(await endSessionAction({ sessionId: here })).toMatchObject({ ok: false });
    expect(await rowsOf(user.id)).toContain(here);
    // Hostile input is a clear refusal, never a server error.
    expect(await endSessionAction({ sessionId: "x".repeat(500) })).toMatchObject({ ok: false });
    expect(await endSessionAction({ sessionId: "'; --" })).toMatchObject({ ok: false });
  });

  it("is refused to a browser whose own session has ended", async () => {
    const { user, phone } = await personWithTwoBrowsers();
    await db.userSession.deleteMany({ where: { userId: user.id, id: { not: phone } } });
    expect(await endSessionAction({ sessionId: phone })).toMatchObject({
      ok: false,
      message: expect.stringMatching(/session has ended/),
    });
    expect(await rowsOf(user.id)).toEqual([phone]);
  });
});

describe("Sign out of all other sessions", () => {
  it("ends every other session in one audited event and keeps this one", async () => {
    const { user, organization, here } = await personWithTwoBrowsers();
    await startSession({ userId: user.id, ip: null, userAgent: CHROME_MAC });
    const result = await endOtherSessionsAction({});
    expect(result).toMatchObject({
      ok: true,
      data: { ended: 2 },
      message: "Signed out of 2 other sessions.",
    });
    expect(await rowsOf(user.id)).toEqual([here]);
    const events = await db.auditEvent.findMany({
      where: { organizationId: organization.id, action: "user.other_sessions_signed_out" },
    });
    expect(events).toMatchObject([{ actorId: user.id, metadata: { sessions: 2 } }]);
  });
});
