import type { JWT } from "next-auth/jwt";
import { describe, expect, it } from "vitest";
import { endSession } from "@/lib/services/sessions/records";
import { bumpSessionVersion } from "@/lib/services/users/session-version";
import { authOptions } from "@/lib/session/options";
import { createTestTenant } from "@/test/factories";
import { sessionTokenFor } from "@/test/signed-in-request";

// next-auth's jwt callback runs whenever next-auth itself reads a session (GET
// /api/auth/session among others). Throwing there makes next-auth answer "no session"
// and clear the cookie; returning the token would re-issue it for another week.
async function refresh(token: JWT) {
  const jwt = authOptions.callbacks?.jwt;
  if (!jwt) throw new Error("no jwt callback");
  return jwt({ token, user: undefined, account: null } as unknown as Parameters<typeof jwt>[0]);
}

describe("next-auth's jwt callback", () => {
  it("keeps a session whose row exists and whose version is current", async () => {
    const { user } = await createTestTenant();
    const token = await sessionTokenFor(user);
    await expect(refresh(token)).resolves.toMatchObject(token);
  });

  it("rejects a session signed out from the Sessions list", async () => {
    const { user } = await createTestTenant();
    const here = await sessionTokenFor(user);
    const other = await sessionTokenFor(user);
    await endSession(user.id, other.sessionId, { currentSessionId: here.sessionId });
    await expect(refresh(other)).rejects.toThrow(/revoked/);
    await expect(refresh(here)).resolves.toBeTruthy();
  });

  it("rejects every session after sign-out everywhere or a password change", async () => {
    const { user } = await createTestTenant();
    const token = await sessionTokenFor(user);
    await bumpSessionVersion(user.id);
    await expect(refresh(token)).rejects.toThrow(/revoked/);
    await expect(refresh({ ...token, sessionVersion: 1 })).rejects.toThrow(/revoked/);
  });

  it("rejects a session of a deleted user, without a session id or without a version", async () => {
    const { user } = await createTestTenant();
    const token = await sessionTokenFor(user);
    await expect(refresh({ ...token, userId: "no-such-user" })).rejects.toThrow();
    await expect(refresh({ userId: user.id, sessionVersion: 0 })).rejects.toThrow();
    await expect(refresh({ userId: user.id, sessionId: token.sessionId })).rejects.toThrow();
    await expect(refresh({})).rejects.toThrow();
  });
});
