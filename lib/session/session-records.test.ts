import pg from "pg";
import { afterAll, beforeEach, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import { endOtherSessions, endSession } from "@/lib/services/sessions/records";
import { bumpSessionVersion } from "@/lib/services/users/session-version";
import { holdClock } from "@/test/clock";
import { createTestTenant } from "@/test/factories";
import { sessionTokenFor, signedInRequest } from "@/test/signed-in-request";

// Sessions are rows the JWT names: every signed-in request reads the row (the same single
// round trip that read the user before), so a session signed out from the Sessions list is
// refused at its next request. Real database; only the request's cookies are stood in for.

vi.mock("@/lib/session/session-cookie", () => import("@/test/signed-in-request"));
vi.mock("@/lib/session/current-organization", () => import("@/test/signed-in-request"));

const { getSessionContext, getSignedInUser } = await import("./session");

const MINUTE = 60_000;

async function signedInTenant() {
  const tenant = await createTestTenant();
  signedInRequest.token = await sessionTokenFor(tenant.user);
  return tenant;
}

function lastActiveAt(sessionId: string) {
  return db.userSession
    .findUniqueOrThrow({ where: { id: sessionId }, select: { lastActiveAt: true } })
    .then((row) => row.lastActiveAt.getTime());
}

beforeEach(() => {
  signedInRequest.token = null;
  signedInRequest.chosenOrganizationId = null;
});

afterAll(async () => {
  await db.$disconnect();
});

describe("a signed-in request", () => {
  it("costs one database round trip, where reading the user and memberships took three", async () => {
    await signedInTenant();
    const queries = vi.spyOn(pg.Client.prototype, "query");
    try {
      expect(await getSessionContext()).not.toBeNull();
      expect(queries).toHaveBeenCalledTimes(1);
    } finally {
      queries.mockRestore();
    }
  });

  it("is refused once its session is signed out from another one, and only that session", async () => {
    const { user } = await signedInTenant();
    const here = signedInRequest.token;
    const other = await sessionTokenFor(user);
    if (!here) throw new Error("not signed in");

    await endSession(user.id, other.sessionId, { currentSessionId: here.sessionId, ip: null });
    expect(await getSignedInUser()).not.toBeNull();
    signedInRequest.token = other;
    expect(await getSignedInUser()).toBeNull();
  });

  it("is refused after Sign out of all other sessions, except the one that asked", async () => {
    const { user } = await signedInTenant();
    const here = signedInRequest.token;
    const others = [await sessionTokenFor(user), await sessionTokenFor(user)];
    if (!here) throw new Error("not signed in");

    expect(await endOtherSessions(user.id, here.sessionId)).toEqual({ ended: 2 });
    expect(await getSignedInUser()).not.toBeNull();
    for (const other of others) {
      signedInRequest.token = other;
      expect(await getSignedInUser()).toBeNull();
    }
  });

  it("is refused everywhere after bumpSessionVersion, which also clears the list", async () => {
    const { user } = await signedInTenant();
    await sessionTokenFor(user);
    await bumpSessionVersion(user.id);
    expect(await getSignedInUser()).toBeNull();
    expect(await db.userSession.count({ where: { userId: user.id } })).toBe(0);
  });

  it("is refused when the JWT names no session, another person's, or a malformed id", async () => {
    const { user } = await signedInTenant();
    const mine = signedInRequest.token;
    if (!mine) throw new Error("not signed in");
    const { user: someoneElse } = await createTestTenant();
    const theirs = await sessionTokenFor(someoneElse);

    const cases = [
      { userId: user.id, sessionVersion: 0 },
      { ...mine, sessionId: theirs.sessionId },
      { ...theirs, sessionId: mine.sessionId },
      { ...mine, sessionId: "'; drop table user_sessions; --" },
    ];
    for (const token of cases) {
      signedInRequest.token = token as typeof mine;
      expect(await getSignedInUser()).toBeNull();
    }
  });

  it("moves last active on at most once a minute", async () => {
    const clock = holdClock();
    await signedInTenant();
    const { sessionId } = signedInRequest.token ?? { sessionId: "" };
    const signedInAt = await lastActiveAt(sessionId);

    clock.advance(59_000);
    await getSignedInUser();
    expect(await lastActiveAt(sessionId)).toBe(signedInAt);

    clock.advance(2_000);
    await getSignedInUser();
    expect(await lastActiveAt(sessionId)).toBe(clock.now().getTime());
  });

  it("expires a week after it was last active", async () => {
    const clock = holdClock();
    await signedInTenant();
    clock.advance(6 * 24 * 60 * MINUTE);
    expect(await getSignedInUser()).not.toBeNull();
    clock.advance(7 * 24 * 60 * MINUTE + MINUTE);
    expect(await getSignedInUser()).toBeNull();
  });
});
