import { randomInt } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import * as domainsRoute from "@/app/api/v1/domains/route";
import { getTokenOperation } from "@/app/api/v1/tokens/[id]/operations";
import { listTokensOperation } from "@/app/api/v1/tokens/operations";
import { authenticateTokenHash, presentedTokenHash } from "@/lib/api/bearer";
import { flushLastUsedUpdates } from "@/lib/api/last-used";
import { AUTH_MESSAGES } from "@/lib/auth/api-auth-messages";
import type { UserPrincipal } from "@/lib/auth/principal";
import { clock } from "@/lib/clock";
import { db } from "@/lib/db";
import { flushRequestLogs } from "@/lib/services/logs/writer";
import {
  createToken,
  getPostRotationUse,
  revokeToken,
  rotateToken,
} from "@/lib/services/tokens/index";
import type { TokenInput } from "@/lib/validations/token";
import { apiTokenSchema } from "@/lib/validations/token-api";
import { apiRequest, readError } from "@/test/api/helpers";
import { callOperation } from "@/test/api/operation-fixtures";
import { atInstant } from "@/test/clock";
import { createTestTenant } from "@/test/factories";

// Rotation on the request path: the old token during and after its grace period, the marks
// in the request log, and "expire the old token as soon as the new one is used".

const HOUR_MS = 3_600_000;

function uniqueIp(): string {
  return `2001:db8:${randomInt(1, 0xffff).toString(16)}:${randomInt(1, 0xffff).toString(16)}::9`;
}

async function tokenPair(input: Partial<TokenInput> = {}) {
  const { organization, user } = await createTestTenant({ plan: "PRO" });
  const actor: UserPrincipal = { kind: "user", userId: user.id, ip: null };
  const created = await createToken(
    { principal: actor, organizationId: organization.id },
    { name: "CI", description: "", ipAllowlist: [], expiresOn: null, ...input },
  );
  return { organizationId: organization.id, owner: user, actor, old: created };
}

async function rotate(
  pair: Awaited<ReturnType<typeof tokenPair>>,
  options: { gracePeriodSeconds: number; expireOnFirstUse?: boolean; now?: Date },
) {
  const { now, ...choice } = options;
  const run = () =>
    rotateToken(
      { principal: pair.actor, organizationId: pair.organizationId },
      { tokenId: pair.old.summary.id, expireOnFirstUse: false, ...choice },
    );
  // The rotation's instant, when the test pins it: the clock is held there for the call.
  return now ? atInstant(now, run) : run();
}

function callDomains(token: string, ip = uniqueIp()) {
  return domainsRoute.GET(apiRequest("/api/v1/domains", { token, ip }));
}

async function logRow(response: Response) {
  await flushRequestLogs();
  const requestId = response.headers.get("x-request-id") ?? "";
  return db.apiRequestLog.findFirstOrThrow({ where: { requestId } });
}

function authenticateAt(token: string, now: Date) {
  return authenticateTokenHash(presentedTokenHash(`Bearer ${token}`), {
    clientIp: "198.51.100.10",
    now,
  });
}

afterAll(async () => {
  await flushRequestLogs();
  await db.$disconnect();
});

describe("the grace period", () => {
  it("keeps the old token working until the second it ends, and not one millisecond after", async () => {
    const pair = await tokenPair();
    const rotatedAt = clock.now();
    await rotate(pair, { gracePeriodSeconds: 3600, now: rotatedAt });
    const end = rotatedAt.getTime() + HOUR_MS;

    for (const at of [rotatedAt.getTime(), end - 1000, end - 1]) {
      expect((await authenticateAt(pair.old.token, new Date(at))).ok).toBe(true);
    }
    for (const at of [end, end + 1000]) {
      const result = await authenticateAt(pair.old.token, new Date(at));
      expect(result).toMatchObject({ ok: false, reason: "token_rotated" });
      if (!result.ok) {
        expect(result.error.code).toBe("unauthorized");
        expect(result.error.message).toBe(AUTH_MESSAGES.invalid);
      }
    }
  });

  it("answers the old token through the API until its end, then 401, with both marked in the log", async () => {
    const live = await tokenPair();
    // Rotated an hour ago less 30 s with a one-hour grace: 30 seconds left.
    const { token: successor } = await rotate(live, {
      gracePeriodSeconds: 3600,
      now: new Date(clock.ms() - HOUR_MS + 30_000),
    });
    const accepted = await callDomains(live.old.token, "203.0.113.77");
    expect(accepted.status).toBe(200);
    expect(await logRow(accepted)).toMatchObject({ afterRotation: true, refusalReason: null });
    expect(await logRow(await callDomains(successor))).toMatchObject({ afterRotation: false });

    const over = await tokenPair();
    // The same, one second past the end.
    await rotate(over, { gracePeriodSeconds: 3600, now: new Date(clock.ms() - HOUR_MS - 1000) });
    const refused = await callDomains(over.old.token, "203.0.113.78");
    expect(refused.status).toBe(401);
    expect(await readError(refused)).toMatchObject({
      code: "unauthorized",
      message: AUTH_MESSAGES.invalid,
    });
    expect(await logRow(refused)).toMatchObject({
      afterRotation: true,
      refusalReason: "token_rotated",
      errorCode: "unauthorized",
    });
  });

  it("stops the old token at once when rotated immediately", async () => {
    const pair = await tokenPair();
    const { token: successor } = await rotate(pair, { gracePeriodSeconds: 0 });
    expect((await callDomains(pair.old.token)).status).toBe(401);
    expect((await callDomains(successor)).status).toBe(200);
  });

  it("lists the addresses that used the old token since the rotation", async () => {
    const pair = await tokenPair();
    const before = await callDomains(pair.old.token, "192.0.2.1");
    expect(before.status).toBe(200);
    await flushRequestLogs();
    const { predecessor } = await rotate(pair, { gracePeriodSeconds: 3600 });
    await callDomains(pair.old.token, "192.0.2.2");
    await callDomains(pair.old.token, "192.0.2.2");
    const last = await callDomains(pair.old.token, "192.0.2.3");
    await flushRequestLogs();

    const uses = await getPostRotationUse(pair.actor, pair.organizationId, {
      id: pair.old.summary.id,
      rotatedAt: predecessor.rotatedAt!,
    });
    // The request before the rotation is not one of them; the most recent address first.
    expect(uses).toEqual([
      { ip: "192.0.2.3", accepted: 1, refused: 0, lastSeenAt: (await logRow(last)).createdAt },
      expect.objectContaining({ ip: "192.0.2.2", accepted: 2, refused: 0 }),
    ]);
  });

  it("is cut short by revoking the old token", async () => {
    const pair = await tokenPair();
    await rotate(pair, { gracePeriodSeconds: 3600 });
    await revokeToken(
      { principal: pair.actor, organizationId: pair.organizationId },
      { tokenId: pair.old.summary.id },
    );
    const response = await callDomains(pair.old.token);
    expect(response.status).toBe(401);
    expect(await logRow(response)).toMatchObject({ refusalReason: "token_revoked" });
  });
});

describe("expire the old token as soon as the new one is used", () => {
  it("ends the grace period at the successor's first accepted request", async () => {
    const pair = await tokenPair();
    const { token: successor, summary } = await rotate(pair, {
      gracePeriodSeconds: 7 * 24 * 3600,
      expireOnFirstUse: true,
    });
    expect((await callDomains(pair.old.token)).status).toBe(200);
    expect((await callDomains(pair.old.token)).status).toBe(200);

    const firstUse = clock.ms();
    expect((await callDomains(successor)).status).toBe(200);
    const old = await db.apiToken.findUniqueOrThrow({ where: { id: pair.old.summary.id } });
    expect(old.rotationEndsAt!.getTime()).toBeGreaterThanOrEqual(firstUse);
    expect(old.rotationEndsAt!.getTime()).toBeLessThanOrEqual(clock.ms());

    const refused = await callDomains(pair.old.token);
    expect(refused.status).toBe(401);
    expect(await logRow(refused)).toMatchObject({ refusalReason: "token_rotated" });

    // Later requests of the successor leave the end where the first one put it.
    await flushLastUsedUpdates();
    expect((await callDomains(successor)).status).toBe(200);
    const again = await db.apiToken.findUniqueOrThrow({ where: { id: pair.old.summary.id } });
    expect(again.rotationEndsAt).toEqual(old.rotationEndsAt);
    expect(summary.id).toBe(old.successorId);
  });

  it("does not count a refused request of the successor as its first use", async () => {
    const pair = await tokenPair({ ipAllowlist: ["192.0.2.0/24"] });
    const { token: successor } = await rotate(pair, {
      gracePeriodSeconds: 3600,
      expireOnFirstUse: true,
    });
    expect((await callDomains(successor, "203.0.113.9")).status).toBe(403);
    expect((await callDomains(pair.old.token, "192.0.2.9")).status).toBe(200);
  });

  it("leaves the grace period alone when the option was not chosen", async () => {
    const pair = await tokenPair();
    const { token: successor } = await rotate(pair, { gracePeriodSeconds: 3600 });
    expect((await callDomains(successor)).status).toBe(200);
    expect((await callDomains(pair.old.token)).status).toBe(200);
  });
});

describe("a rotated token through /api/v1/tokens", () => {
  it("is answered as rotated, with the end of its grace period and its successor", async () => {
    const pair = await tokenPair({ scopes: ["tokens:read", "domains:read"] });
    const rotatedAt = new Date(clock.ms() - 1000);
    const { token: successor, summary } = await rotate(pair, {
      gracePeriodSeconds: 3600,
      now: rotatedAt,
    });
    const read = async (id: string) => {
      const response = await callOperation(getTokenOperation, { id }, { token: successor });
      expect(response.status).toBe(200);
      return apiTokenSchema.parse((await response.json()).data);
    };
    expect(await read(pair.old.summary.id)).toMatchObject({
      status: "rotated",
      rotationEndsAt: new Date(rotatedAt.getTime() + HOUR_MS).toISOString(),
      successorId: summary.id,
      predecessorId: null,
    });
    expect(await read(summary.id)).toMatchObject({
      status: "active",
      rotationEndsAt: null,
      predecessorId: pair.old.summary.id,
    });

    const listed = await callOperation(
      listTokensOperation,
      {},
      {
        token: successor,
        search: "status=rotated",
      },
    );
    expect((await listed.json()).data.map((token: { id: string }) => token.id)).toEqual([
      pair.old.summary.id,
    ]);
  });
});
