import { afterAll, describe, expect, it } from "vitest";
import type { TokenPrincipal, UserPrincipal } from "@/lib/auth/principal";
import { hashApiToken, isWellFormedApiToken } from "@/lib/auth/token";
import { earliestAllowedExpirationDate } from "@/lib/auth/token-expiry";
import { clock } from "@/lib/clock";
import { db } from "@/lib/db";
import type { Plan, Role } from "@/lib/generated/prisma/enums";
import type { TokenInput } from "@/lib/validations/token";
import { MAX_GRACE_PERIOD_SECONDS } from "@/lib/validations/token-rotation";
import { atInstant } from "@/test/clock";
import { expectAppError } from "@/test/expect-app-error";
import { createTestTenant, createTestUser } from "@/test/factories";
import { memberContext } from "@/test/principals";
import { createToken, getToken, listTokens, revokeToken, rotateToken, updateToken } from "./index";

// Rotation's rules against the real database; the request path is covered by
// test/api/rotation.test.ts.

const IP = "203.0.113.10";
const HOUR = 3600;

function form(overrides: Partial<TokenInput> = {}): TokenInput {
  return {
    name: `Token ${Math.random().toString(36).slice(2, 10)}`,
    description: "",
    ipAllowlist: [],
    expiresOn: null,
    ...overrides,
  };
}

async function tenantWithToken(plan: Plan = "PRO", overrides: Partial<TokenInput> = {}) {
  const { organization, user } = await createTestTenant({ plan });
  const actor: UserPrincipal = { kind: "user", userId: user.id, ip: IP };
  const created = await createToken(
    { principal: actor, organizationId: organization.id },
    form(overrides),
  );
  return { organizationId: organization.id, actor, created };
}

function rotate(
  organizationId: string,
  actor: UserPrincipal,
  tokenId: string,
  options: { gracePeriodSeconds?: number; expireOnFirstUse?: boolean; now?: Date } = {},
) {
  const run = () =>
    rotateToken(
      { principal: actor, organizationId },
      {
        tokenId,
        gracePeriodSeconds: options.gracePeriodSeconds ?? HOUR,
        expireOnFirstUse: options.expireOnFirstUse ?? false,
      },
    );
  // The rotation's instant, when the test pins it: the clock is held there for the call.
  return options.now ? atInstant(options.now, run) : run();
}

async function memberActor(organizationId: string, role: Role): Promise<UserPrincipal> {
  const { user } = await createTestUser({ organizationId, role });
  return { kind: "user", userId: user.id, ip: IP };
}

afterAll(async () => {
  await db.$disconnect();
});

describe("rotateToken", () => {
  it("creates a successor with the same settings and links the two", async () => {
    const { organizationId, actor, created } = await tenantWithToken("PRO", {
      name: "Deploy",
      description: "Deploys production",
      ipAllowlist: ["203.0.113.50"],
      expiresOn: "2099-01-31",
    });
    await db.apiToken.update({
      where: { id: created.summary.id },
      data: { scopes: ["domains:read", "logs:read"] },
    });
    const now = clock.now();

    const { token, summary, predecessor } = await rotate(
      organizationId,
      actor,
      created.summary.id,
      {
        gracePeriodSeconds: HOUR,
        expireOnFirstUse: true,
        now,
      },
    );

    expect(isWellFormedApiToken(token)).toBe(true);
    expect(token).not.toBe(created.token);
    expect(summary).toMatchObject({
      name: "Deploy",
      description: "Deploys production",
      ipAllowlist: ["203.0.113.50/32"],
      expiresAt: new Date("2099-01-31T00:00:00.000Z"),
      lastFour: token.slice(-4),
      status: "active",
      rotatedAt: null,
      successor: null,
      predecessor: { id: created.summary.id, name: "Deploy", lastFour: created.summary.lastFour },
    });
    expect(predecessor).toMatchObject({
      status: "rotated",
      rotatedAt: now,
      rotationEndsAt: new Date(now.getTime() + HOUR * 1000),
      successor: { id: summary.id, name: "Deploy", lastFour: summary.lastFour },
      predecessor: null,
    });
    const row = await db.apiToken.findUniqueOrThrow({ where: { id: summary.id } });
    expect(row.tokenHash).toBe(hashApiToken(token));
    expect(row.scopes).toEqual(["domains:read", "logs:read"]);
    expect(row.expiresPredecessorOnFirstUse).toBe(true);
    expect(row.createdById).toBe(actor.userId);
    // Both stay listed; the successor (active) before the rotated one.
    const listed = await listTokens(await memberContext(organizationId));
    expect(listed.map((t) => t.id)).toEqual([summary.id, created.summary.id]);
  });

  it("audits the rotation on the old token, without token material", async () => {
    const { organizationId, actor, created } = await tenantWithToken();
    const { token, summary } = await rotate(organizationId, actor, created.summary.id, {
      gracePeriodSeconds: 0,
    });
    const event = await db.auditEvent.findFirstOrThrow({
      where: { organizationId, action: "token.rotated" },
    });
    expect(event).toMatchObject({
      actorId: actor.userId,
      ip: IP,
      targetType: "api_token",
      targetId: created.summary.id,
      metadata: {
        name: created.summary.name,
        successorId: summary.id,
        gracePeriodSeconds: 0,
        expireOnFirstUse: false,
      },
    });
    expect(JSON.stringify(event)).not.toContain(token);
  });

  it("never lets the grace period outlast the token's own expiry", async () => {
    const { organizationId, actor, created } = await tenantWithToken("PRO", {
      expiresOn: earliestAllowedExpirationDate(),
    });
    const expiresAt = created.summary.expiresAt!;
    const now = new Date(expiresAt.getTime() - 2 * HOUR * 1000);
    const { predecessor } = await rotate(organizationId, actor, created.summary.id, {
      gracePeriodSeconds: MAX_GRACE_PERIOD_SECONDS,
      now,
    });
    expect(predecessor.rotationEndsAt).toEqual(expiresAt);
  });

  it("ends the grace at once when rotated immediately", async () => {
    const { organizationId, actor, created } = await tenantWithToken();
    const now = clock.now();
    const { predecessor } = await rotate(organizationId, actor, created.summary.id, {
      gracePeriodSeconds: 0,
      now,
    });
    expect(predecessor.rotationEndsAt).toEqual(now);
  });

  it("refuses revoked, expired and already rotated tokens with a conflict", async () => {
    const { organizationId, actor, created } = await tenantWithToken();
    await revokeToken({ principal: actor, organizationId }, { tokenId: created.summary.id });
    await expectAppError(
      rotate(organizationId, actor, created.summary.id),
      "conflict",
      "A revoked token cannot be rotated",
    );

    const expiring = await tenantWithToken("PRO", { expiresOn: "2099-01-31" });
    await expectAppError(
      rotate(expiring.organizationId, expiring.actor, expiring.created.summary.id, {
        now: new Date("2099-01-31T00:00:00.000Z"),
      }),
      "conflict",
      "An expired token cannot be rotated; create a new token",
    );
    // One millisecond earlier it still works, so it may still be rotated.
    await rotate(expiring.organizationId, expiring.actor, expiring.created.summary.id, {
      now: new Date("2099-01-30T23:59:59.999Z"),
    });
    await expectAppError(
      rotate(expiring.organizationId, expiring.actor, expiring.created.summary.id),
      "conflict",
      "This token has already been rotated; rotate the token that replaced it",
    );
    expect(await db.apiToken.count({ where: { organizationId: expiring.organizationId } })).toBe(2);
  });

  it("keeps one successor when two rotations arrive at once", async () => {
    const { organizationId, actor, created } = await tenantWithToken();
    const results = await Promise.allSettled([
      rotate(organizationId, actor, created.summary.id),
      rotate(organizationId, actor, created.summary.id),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    expect(await db.apiToken.count({ where: { organizationId } })).toBe(2);
  });

  it.each([
    [-1, "The grace period cannot be negative"],
    [MAX_GRACE_PERIOD_SECONDS + 1, "The grace period is at most 7 days (604800 seconds)"],
    [1.5, "The grace period is a whole number of seconds"],
    [Number.NaN, undefined],
  ])("refuses a grace period of %s seconds", async (seconds, message) => {
    const { organizationId, actor, created } = await tenantWithToken();
    await expectAppError(
      rotate(organizationId, actor, created.summary.id, { gracePeriodSeconds: seconds }),
      "validation_error",
      message,
    );
    expect((await getToken(await memberContext(organizationId), created.summary.id)).status).toBe(
      "active",
    );
  });

  it("refuses members, other organizations, plans without API access and token actors", async () => {
    const { organizationId, created } = await tenantWithToken();
    const memberOf = await memberActor(organizationId, "MEMBER");
    await expectAppError(rotate(organizationId, memberOf, created.summary.id), "forbidden");
    const admin = await memberActor(organizationId, "ADMIN");
    await rotate(organizationId, admin, created.summary.id);

    const other = await tenantWithToken();
    await expectAppError(rotate(organizationId, admin, other.created.summary.id), "not_found");
    await expectAppError(rotate(organizationId, admin, "not-a-uuid"), "not_found");

    const downgraded = await tenantWithToken();
    await db.organization.update({
      where: { id: downgraded.organizationId },
      data: { plan: "FREE" },
    });
    await expectAppError(
      rotate(downgraded.organizationId, downgraded.actor, downgraded.created.summary.id),
      "forbidden",
    );

    expect(
      (await getToken(await memberContext(other.organizationId), other.created.summary.id)).status,
    ).toBe("active");
  });

  it("lets a token rotate itself, another only with tokens:write, and no token wider than itself", async () => {
    const { organizationId, actor, created } = await tenantWithToken();
    const readOnly = await createToken(
      { principal: actor, organizationId },
      { ...form(), scopes: ["domains:read"] },
    );
    const asToken = (summary: { id: string; name: string }): TokenPrincipal => ({
      kind: "token",
      tokenId: summary.id,
      tokenName: summary.name,
      ip: IP,
    });

    await expectAppError(
      rotateToken(
        { principal: asToken(readOnly.summary), organizationId },
        { tokenId: created.summary.id, gracePeriodSeconds: 0, expireOnFirstUse: false },
      ),
      "insufficient_scope",
      "This token lacks the tokens:write scope that this operation requires.",
    );
    const narrow = await createToken(
      { principal: actor, organizationId },
      { ...form(), name: "narrow", scopes: ["domains:read", "tokens:write"] },
    );
    await expectAppError(
      rotateToken(
        { principal: asToken(narrow.summary), organizationId },
        { tokenId: created.summary.id, gracePeriodSeconds: 0, expireOnFirstUse: false },
      ),
      "forbidden",
      'A token cannot grant a scope it does not have: this token lacks "domains:write".',
    );
    const self = await rotateToken(
      { principal: asToken(readOnly.summary), organizationId },
      { tokenId: readOnly.summary.id, gracePeriodSeconds: 60, expireOnFirstUse: false },
    );
    expect(self.summary.scopes).toEqual(["domains:read"]);
    const event = await db.auditEvent.findFirstOrThrow({
      where: { organizationId, action: "token.rotated" },
    });
    expect(event).toMatchObject({
      actorId: null,
      actorTokenId: readOnly.summary.id,
      metadata: { successorId: self.summary.id },
    });
  });
});

describe("rotation under the organization's lifetime policy", () => {
  it("judges a rotating token on the successor it hands out, clamped to the policy", async () => {
    const { organizationId, actor, created } = await tenantWithToken();
    const within60Days = new Date(`${earliestAllowedExpirationDate()}T00:00:00.000Z`);
    within60Days.setUTCDate(within60Days.getUTCDate() + 60);
    const rotator = await createToken(
      { principal: actor, organizationId },
      form({
        scopes: ["domains:write", "tokens:write"],
        expiresOn: within60Days.toISOString().slice(0, 10),
      }),
    );
    const asRotator: TokenPrincipal = {
      kind: "token",
      tokenId: rotator.summary.id,
      tokenName: rotator.summary.name,
      ip: IP,
    };
    const byRotator = () =>
      rotateToken(
        { principal: asRotator, organizationId },
        { tokenId: created.summary.id, gracePeriodSeconds: 0, expireOnFirstUse: false },
      );
    // Without a policy the successor would never expire: beyond the rotating token's grant.
    await expectAppError(byRotator(), "forbidden");
    await db.organization.update({
      where: { id: organizationId },
      data: { maxTokenLifetimeDays: 30 },
    });
    const { summary, expiryLimitedByPolicy } = await byRotator();
    expect(expiryLimitedByPolicy?.maxLifetimeDays).toBe(30);
    expect(summary.expiresAt!.getTime()).toBeLessThan(within60Days.getTime());
  });
});

describe("a rotated token", () => {
  it("cannot be edited, but can be revoked to cut its grace short", async () => {
    const { organizationId, actor, created } = await tenantWithToken();
    await rotate(organizationId, actor, created.summary.id);
    await expectAppError(
      updateToken(
        { principal: actor, organizationId },
        { tokenId: created.summary.id, ...form({ name: "Renamed" }) },
      ),
      "conflict",
      "Rotated tokens cannot be edited: edit the token that replaced it",
    );
    const revoked = await revokeToken(
      { principal: actor, organizationId },
      { tokenId: created.summary.id },
    );
    expect(revoked.status).toBe("revoked");
  });

  it("hands its name to the successor without a clash", async () => {
    const { organizationId, actor, created } = await tenantWithToken("PRO", {
      name: "Billing sync",
    });
    const { summary } = await rotate(organizationId, actor, created.summary.id);
    // Saving the successor under the shared name is not a clash with its predecessor.
    await updateToken(
      { principal: actor, organizationId },
      {
        tokenId: summary.id,
        ...form({ name: "billing SYNC", description: "renamed in case only" }),
      },
    );
    // But a new token still may not take the successor's name.
    await expectAppError(
      createToken({ principal: actor, organizationId }, form({ name: "Billing sync" })),
      "validation_error",
    );
  });
});
