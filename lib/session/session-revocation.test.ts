import type { JWT } from "next-auth/jwt";
import { describe, expect, it } from "vitest";
import { bumpSessionVersion } from "@/lib/services/users/session-version";
import { authOptions } from "@/lib/session/options";
import { createTestTenant } from "@/test/factories";

// next-auth's jwt callback runs whenever next-auth itself reads a session (GET
// /api/auth/session among others). Throwing there makes next-auth answer "no session"
// and clear the cookie; returning the token would re-issue it for another week.
async function refresh(token: JWT) {
  const jwt = authOptions.callbacks?.jwt;
  if (!jwt) throw new Error("no jwt callback");
  return jwt({ token, user: undefined, account: null } as unknown as Parameters<typeof jwt>[0]);
}

describe("next-auth's jwt callback", () => {
  it("keeps a session whose version is current", async () => {
    const { user } = await createTestTenant();
    const token = { userId: user.id, sessionVersion: 0 };
    await expect(refresh(token)).resolves.toMatchObject(token);
  });

  it("rejects a session after sign-out everywhere or a password change (version moved on)", async () => {
    const { user } = await createTestTenant();
    await bumpSessionVersion(user.id);
    await expect(refresh({ userId: user.id, sessionVersion: 0 })).rejects.toThrow(/revoked/);
    await expect(refresh({ userId: user.id, sessionVersion: 1 })).resolves.toBeTruthy();
  });

  it("rejects a session of a deleted user or without a version", async () => {
    const { user } = await createTestTenant();
    await expect(refresh({ userId: "no-such-user", sessionVersion: 0 })).rejects.toThrow();
    await expect(refresh({ userId: user.id })).rejects.toThrow();
    await expect(refresh({})).rejects.toThrow();
  });
});
