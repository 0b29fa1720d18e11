import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { createToken, rotateToken } from "@/lib/services/tokens";
import { createApiToken } from "@/test/api/helpers";
import { holdClock } from "@/test/clock";
import { createTestTenant } from "@/test/factories";
import { testTokenAsApi } from "./token-self-test";

// The reveal's Test button: what GET /api/v1/tokens/self answers the token just shown,
// decided by the API's own authentication, without counting as a use of the token.

const IP = "203.0.113.10";

describe("testTokenAsApi", () => {
  it("answers 200 with the token's name and scopes, and does not count as its use", async () => {
    const { organization } = await createTestTenant({ plan: "PRO" });
    const { token, row } = await createApiToken({
      organizationId: organization.id,
      name: "CI deploy",
      scopes: ["domains:read", "logs:read"],
    });
    const answer = await testTokenAsApi({
      token,
      tokenId: row.id,
      organizationId: organization.id,
      clientIp: IP,
    });
    expect(answer).toEqual({
      ok: true,
      status: 200,
      name: "CI deploy",
      scopes: ["domains:read", "logs:read"],
    });
    const after = await db.apiToken.findUniqueOrThrow({ where: { id: row.id } });
    expect(after.lastUsedAt).toBeNull();
    expect(await db.apiRequestLog.count({ where: { tokenId: row.id } })).toBe(0);
  });

  it("answers as the API would: allowlist 403, revoked 401, a plan without the API 403", async () => {
    const { organization } = await createTestTenant({ plan: "PRO" });
    const fenced = await createApiToken({
      organizationId: organization.id,
      ipAllowlist: ["192.0.2.0/24"],
    });
    expect(
      await testTokenAsApi({
        token: fenced.token,
        tokenId: fenced.row.id,
        organizationId: organization.id,
        clientIp: IP,
      }),
    ).toEqual({
      ok: false,
      status: 403,
      code: "forbidden",
      message: "IP address not allowed for this token",
    });

    const revoked = await createApiToken({
      organizationId: organization.id,
      revokedAt: new Date(),
    });
    expect(
      await testTokenAsApi({
        token: revoked.token,
        tokenId: revoked.row.id,
        organizationId: organization.id,
        clientIp: IP,
      }),
    ).toMatchObject({ ok: false, status: 401, code: "unauthorized" });

    const free = await createTestTenant({ plan: "FREE" });
    const paused = await createApiToken({ organizationId: free.organization.id });
    expect(
      await testTokenAsApi({
        token: paused.token,
        tokenId: paused.row.id,
        organizationId: free.organization.id,
        clientIp: IP,
      }),
    ).toMatchObject({
      ok: false,
      status: 403,
      message: "API access not enabled (upgrade required)",
    });
  });

  it("tests only the token shown, in the caller's organization", async () => {
    const mine = await createTestTenant({ plan: "PRO" });
    const theirs = await createTestTenant({ plan: "PRO" });
    const shown = await createApiToken({ organizationId: mine.organization.id });
    const other = await createApiToken({ organizationId: theirs.organization.id });
    const invalid = { ok: false, status: 401, code: "unauthorized" };
    // Another organization's valid token is answered like an unknown one.
    expect(
      await testTokenAsApi({
        token: other.token,
        tokenId: other.row.id,
        organizationId: mine.organization.id,
        clientIp: IP,
      }),
    ).toMatchObject({ ...invalid, message: "Invalid or expired API token" });
    // So is a valid token of the organization that is not the one shown.
    const sibling = await createApiToken({ organizationId: mine.organization.id });
    expect(
      await testTokenAsApi({
        token: sibling.token,
        tokenId: shown.row.id,
        organizationId: mine.organization.id,
        clientIp: IP,
      }),
    ).toMatchObject(invalid);
    expect(
      await testTokenAsApi({
        token: "not a token",
        tokenId: shown.row.id,
        organizationId: mine.organization.id,
        clientIp: IP,
      }),
    ).toMatchObject({ ...invalid, message: "Missing or invalid Authorization header" });
  });

  it("leaves the old token working after testing a successor made to end it at first use", async () => {
    holdClock();
    const { organization, user } = await createTestTenant({ plan: "PRO" });
    const ctx = {
      principal: { kind: "user" as const, userId: user.id, ip: IP },
      organizationId: organization.id,
    };
    const old = await createToken(ctx, { name: "Rotated under test" });
    const rotated = await rotateToken(ctx, {
      tokenId: old.summary.id,
      gracePeriodSeconds: 3600,
      expireOnFirstUse: true,
    });
    const before = await db.apiToken.findUniqueOrThrow({ where: { id: old.summary.id } });
    const answer = await testTokenAsApi({
      token: rotated.token,
      tokenId: rotated.summary.id,
      organizationId: organization.id,
      clientIp: IP,
    });
    expect(answer.ok).toBe(true);
    const after = await db.apiToken.findUniqueOrThrow({ where: { id: old.summary.id } });
    expect(after.rotationEndsAt).toEqual(before.rotationEndsAt);
  });
});
