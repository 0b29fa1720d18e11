import { randomInt } from "node:crypto";
import { afterAll, describe, expect, it, vi } from "vitest";
import * as catchAllRoute from "@/app/api/v1/[[...path]]/route";
import * as domainRoute from "@/app/api/v1/domains/[id]/route";
import { startLiveTokens } from "@/lib/api/live-tokens-instance";
import { flushRefusalSummaries } from "@/lib/api/refusal-log";
import { generateApiToken, hashApiToken } from "@/lib/auth/token";
import { clock } from "@/lib/clock";
import { reloadConfig } from "@/lib/config";
import { db, dbPool } from "@/lib/db";
import { BatchedWindowLimiter } from "@/lib/rate-limit/batched-limiter";
import { rateLimitKeyForIp } from "@/lib/rate-limit/ip-key";
import { getRateLimitStore } from "@/lib/rate-limit/shared-store";
import { unattributedRequestCounts } from "@/lib/services/logs/unattributed";
import { flushRequestLogs } from "@/lib/services/logs/writer";
import { createToken } from "@/lib/services/tokens";
import { apiRequest, createApiTenant, createApiToken, readError } from "@/test/api/helpers";
import { holdClockAtMinuteStart } from "@/test/clock";
import { createTestTenant } from "@/test/factories";

// Thousands of real requests, and waits for a fresh rate-limit window, take longer than
// the default test timeout on a busy machine or the single-connection embedded database.
vi.setConfig({ testTimeout: 90_000 });

// The API's rate limits, end to end through the real route handlers and database:
// failed authentications per client IP (20 a minute, then 429 before any token lookup) and
// requests per token by plan (Pro 600, Business 3,000, Enterprise configurable a minute),
// with RateLimit-* headers on every authenticated answer.

// The default suite raises the failure limit for the contract tests; this file checks the
// production default.
delete process.env.API_FAILED_AUTH_LIMIT_PER_MIN;
reloadConfig();
const domainsRoute = await import("@/app/api/v1/domains/route");
const { apiRateLimiters, tokenRateLimitPerMinute } = await import("@/lib/rate-limit/api-limits");

// As the server does at start-up (instrumentation-node.ts): the set of live tokens that
// lets a blocked IP keep its valid tokens, listening for new ones.
const liveTokens = startLiveTokens();
await liveTokens.ready();
afterAll(() => liveTokens.stop());

function uniqueIp(): string {
  // A different /64 each time: IPv6 clients are limited per /64.
  const part = () => randomInt(1, 0xffff).toString(16);
  return `2001:db8:${part()}:${part()}::1`;
}

const get = (options: { token?: string; authorization?: string; ip: string }) =>
  domainsRoute.GET(apiRequest("/api/v1/domains", options));

const UNKNOWN = `ms_${"A".repeat(43)}`;

/**
 * The database queries `run` makes for requests. The limiters' once-a-second sync of
 * `rate_limit_buckets` may run meanwhile; it is no request's work.
 */
async function requestQueriesDuring(run: () => Promise<void>): Promise<unknown[]> {
  const query = vi.spyOn(dbPool, "query");
  try {
    await run();
    return query.mock.calls.filter(
      ([config]) => !JSON.stringify(config).includes("rate_limit_buckets"),
    );
  } finally {
    query.mockRestore();
  }
}

describe("failed authentication is limited per client IP", () => {
  it("answers 429 rate_limited with Retry-After after 20 failures, while other clients' traffic is unaffected", async () => {
    holdClockAtMinuteStart();
    const { token } = await createApiTenant("PRO");
    const attacker = uniqueIp();
    const bystander = uniqueIp();
    for (let i = 0; i < 20; i += 1) {
      expect((await get({ token: UNKNOWN, ip: attacker })).status).toBe(401);
      // Interleaved: a legitimate client keeps getting its answers.
      expect((await get({ token, ip: bystander })).status).toBe(200);
    }
    const blocked = await get({ token: UNKNOWN, ip: attacker });
    expect(blocked.status).toBe(429);
    const retryAfter = Number(blocked.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    await expect(readError(blocked)).resolves.toMatchObject({ code: "rate_limited" });
    expect(blocked.headers.get("content-type")).toMatch(/^application\/json/);
    expect(blocked.headers.get("x-request-id")).toBeTruthy();

    // Everyone else is not refused.
    expect((await get({ token, ip: bystander })).status).toBe(200);
    expect((await get({ token, ip: uniqueIp() })).status).toBe(200);
  });

  it("refuses a blocked IP without touching the database (the flood is cheap)", async () => {
    holdClockAtMinuteStart();
    const attacker = uniqueIp();
    for (let i = 0; i < 20; i += 1) await get({ token: UNKNOWN, ip: attacker });
    const query = vi.spyOn(dbPool, "query");
    const connect = vi.spyOn(dbPool, "connect");
    const refusedBefore = unattributedRequestCounts().blocked_ip;
    try {
      for (let i = 0; i < 200; i += 1) {
        expect((await get({ token: UNKNOWN, ip: attacker })).status).toBe(429);
      }
      // The limiters' once-a-second sync may run meanwhile; no request queries anything.
      const requestQueries = query.mock.calls.filter(
        ([config]) => !JSON.stringify(config).includes("rate_limit_buckets"),
      );
      expect(requestQueries).toEqual([]);
      expect(connect.mock.calls.length).toBe(query.mock.calls.length - requestQueries.length);
      // Unattributable without a lookup, but still counted for operators.
      expect(unattributedRequestCounts().blocked_ip - refusedBefore).toBe(200);
    } finally {
      query.mockRestore();
      connect.mockRestore();
    }
  });

  it("counts only failures: successes and 403s never use up an IP's allowance", async () => {
    holdClockAtMinuteStart();
    const { organization, token } = await createApiTenant("PRO");
    const restricted = await createApiToken({
      organizationId: organization.id,
      ipAllowlist: ["192.0.2.0/24"],
    });
    const ip = uniqueIp();
    for (let i = 0; i < 30; i += 1) expect((await get({ token, ip })).status).toBe(200);
    for (let i = 0; i < 30; i += 1) {
      expect((await get({ token: restricted.token, ip })).status).toBe(403);
    }
    for (let i = 0; i < 19; i += 1) expect((await get({ token: UNKNOWN, ip })).status).toBe(401);
    expect((await get({ token, ip })).status).toBe(200);
  });

  it("malformed and missing Authorization headers count as failures too", async () => {
    holdClockAtMinuteStart();
    const ip = uniqueIp();
    for (let i = 0; i < 10; i += 1) {
      expect((await get({ authorization: "Basic abc", ip })).status).toBe(401);
      expect((await get({ ip })).status).toBe(401);
    }
    expect((await get({ ip })).status).toBe(429);
  });

  it("counts an IPv6 /64 as one client: rotating addresses within it does not help", async () => {
    holdClockAtMinuteStart();
    const network = uniqueIp().replace(/::1$/, "");
    for (let i = 1; i <= 20; i += 1) {
      expect((await get({ token: UNKNOWN, ip: `${network}::${i.toString(16)}` })).status).toBe(401);
    }
    expect((await get({ token: UNKNOWN, ip: `${network}:ffff:ffff:ffff:ffff` })).status).toBe(429);
  });

  it("learns other app instances' failures through the store within a sync", async () => {
    holdClockAtMinuteStart();
    const ip = uniqueIp();
    // Another instance counted 20 failures for this IP and synced them.
    const otherInstance = new BatchedWindowLimiter({
      store: getRateLimitStore(),
      windowMs: 60_000,
      syncIntervalMs: 60_000,
      prefix: "api-auth-fail:ip",
    });
    for (let i = 0; i < 20; i += 1) otherInstance.consume(rateLimitKeyForIp(ip), 20);
    await otherInstance.close();
    // This instance has not heard of them yet: its own first failure is a plain 401…
    expect((await get({ token: UNKNOWN, ip })).status).toBe(401);
    // …and its next sync (at most a second later) brings the shared count, after which the
    // IP is refused from memory (its valid tokens keep working: see "every valid token
    // survives a blocked IP" below).
    await apiRateLimiters().failedAuth.sync();
    expect((await get({ token: UNKNOWN, ip })).status).toBe(429);
    expect((await get({ token: `ms_${"B".repeat(43)}`, ip })).status).toBe(429);
  });
});

// Every entry point of /api/v1 besides the handlers: unknown routes (any method), methods a
// route does not implement, and OPTIONS.
const OTHER_ENTRY_POINTS: Array<[string, string, (req: Request) => Promise<Response>]> = [
  ["GET", "/api/v1/nothing", catchAllRoute.GET],
  ["POST", "/api/v1/nothing/deeper", catchAllRoute.POST],
  ["DELETE", "/api/v1", catchAllRoute.DELETE],
  ["OPTIONS", "/api/v1/nothing", catchAllRoute.OPTIONS],
  ["HEAD", "/api/v1/nothing", catchAllRoute.HEAD],
  ["PUT", "/api/v1/domains", domainsRoute.PUT],
  ["PATCH", "/api/v1/domains", domainsRoute.PATCH],
  ["POST", "/api/v1/domains/x", domainRoute.POST],
  ["OPTIONS", "/api/v1/domains", domainsRoute.OPTIONS],
  ["OPTIONS", "/api/v1/domains/x", domainRoute.OPTIONS],
];

function callEntryPoint(index: number, options: { token?: string; ip: string }) {
  const [method, path, handler] = OTHER_ENTRY_POINTS[index % OTHER_ENTRY_POINTS.length]!;
  return handler(apiRequest(path, { ...options, method }));
}

describe("every path and method is authenticated and limited alike", () => {
  it("a missing, unknown or revoked token is a 401 that counts on any route or method, then 429", async () => {
    holdClockAtMinuteStart();
    const { organization } = await createApiTenant("PRO");
    const revoked = await createApiToken({
      organizationId: organization.id,
      revokedAt: clock.now(),
    });
    const ip = uniqueIp();
    const tokens = [undefined, UNKNOWN, revoked.token];
    for (let i = 0; i < 20; i += 1) {
      expect((await callEntryPoint(i, { token: tokens[i % 3], ip })).status).toBe(401);
    }
    for (let i = 0; i < OTHER_ENTRY_POINTS.length; i += 1) {
      expect((await callEntryPoint(i, { token: tokens[i % 3], ip })).status).toBe(429);
    }
    expect((await get({ token: UNKNOWN, ip })).status).toBe(429);
  });

  it("refuses a blocked IP on any route or method without touching the database", async () => {
    holdClockAtMinuteStart();
    const { organization } = await createApiTenant("PRO");
    const revoked = await createApiToken({
      organizationId: organization.id,
      revokedAt: clock.now(),
    });
    const attacker = uniqueIp();
    for (let i = 0; i < 20; i += 1) await get({ token: UNKNOWN, ip: attacker });
    const queries = await requestQueriesDuring(async () => {
      for (let i = 0; i < 3 * OTHER_ENTRY_POINTS.length; i += 1) {
        const token = [UNKNOWN, revoked.token, undefined][i % 3];
        expect((await callEntryPoint(i, { token, ip: attacker })).status).toBe(429);
      }
    });
    expect(queries).toEqual([]);
  });

  it("a revoked token used from many IPs adds a bounded number of rows to its organization's log", async () => {
    holdClockAtMinuteStart();
    const { organization } = await createApiTenant("PRO");
    const leaked = await createApiToken({ organizationId: organization.id });
    await db.apiToken.update({ where: { id: leaked.row.id }, data: { revokedAt: clock.now() } });
    // 60 addresses, 3 refusals each (below the per-IP limit), on handlers, unknown routes
    // and wrong methods alike.
    let refused = 0;
    for (let address = 0; address < 60; address += 1) {
      const ip = uniqueIp();
      for (let i = 0; i < 3; i += 1) {
        const response =
          i === 0
            ? await get({ token: leaked.token, ip })
            : await callEntryPoint(address + i, { token: leaked.token, ip });
        expect(response.status).toBe(401);
        refused += 1;
      }
    }
    await flushRequestLogs();
    // The first 20 refusals of the minute are logged one by one…
    const rowsNow = await db.apiRequestLog.findMany({ where: { tokenId: leaked.row.id } });
    expect(rowsNow).toHaveLength(20);
    expect(rowsNow.every((row) => row.refusalReason === "token_revoked")).toBe(true);
    // …and the rest become one row the customer sees, with their count.
    await flushRefusalSummaries();
    const rows = await db.apiRequestLog.findMany({
      where: { tokenId: leaked.row.id },
      orderBy: { id: "asc" },
    });
    expect(rows).toHaveLength(21);
    expect(rows[20]).toMatchObject({
      status: 401,
      errorCode: "unauthorized",
      refusalReason: "token_revoked",
      organizationId: organization.id,
    });
    // The first 20 came from the first 7 addresses, the 160 others from the last 54.
    expect(rows[20]!.requestSummary).toMatch(
      new RegExp(
        `^${refused - 20} more requests refused for this reason in this minute, from 54 IP addresses`,
      ),
    );
  });
});

describe("the failed-authentication limit does not take valid tokens down", () => {
  it("a valid token keeps working from a blocked IP; unknown tokens from it cost no lookup", async () => {
    holdClockAtMinuteStart();
    const { organization, token, tokenRow } = await createApiTenant("PRO");
    const sharedNat = uniqueIp();
    // The token works from the NAT, then a broken job behind the same NAT fails 20 times.
    expect((await get({ token, ip: sharedNat })).status).toBe(200);
    for (let i = 0; i < 20; i += 1) {
      expect((await get({ token: UNKNOWN, ip: sharedNat })).status).toBe(401);
    }
    expect((await get({ token: UNKNOWN, ip: sharedNat })).status).toBe(429);
    // The valid token still works, on every kind of route…
    expect((await get({ token, ip: sharedNat })).status).toBe(200);
    expect((await callEntryPoint(0, { token, ip: sharedNat })).status).toBe(404);
    // …while unknown tokens from the NAT are refused from memory.
    const unknownTokenQueries = await requestQueriesDuring(async () => {
      for (let i = 0; i < 50; i += 1) {
        const unknown = `ms_${String(i).padStart(43, "Q")}`;
        expect((await get({ token: unknown, ip: sharedNat })).status).toBe(429);
      }
    });
    expect(unknownTokenQueries).toEqual([]);

    // Remembering the token is not trusting it: once revoked, its next request is refused
    // (429, the IP being over the limit) and logged for the organization with the reason…
    await db.apiToken.update({ where: { id: tokenRow.id }, data: { revokedAt: clock.now() } });
    const refused = await get({ token, ip: sharedNat });
    expect(refused.status).toBe(429);
    await expect(readError(refused)).resolves.toMatchObject({ code: "rate_limited" });
    await flushRequestLogs();
    const logged = await db.apiRequestLog.findFirst({
      where: { tokenId: tokenRow.id, status: 429 },
    });
    expect(logged).toMatchObject({
      organizationId: organization.id,
      refusalReason: "failed_auth_limit",
      requestId: refused.headers.get("x-request-id"),
    });
    // …and forgotten: the request after that costs no lookup either.
    const revokedTokenQueries = await requestQueriesDuring(async () => {
      expect((await get({ token, ip: sharedNat })).status).toBe(429);
    });
    expect(revokedTokenQueries).toEqual([]);
  });
});

describe("every valid token survives a blocked IP, whichever instance it last worked on", () => {
  /** Blocks `ip` for the rest of the minute with 20 unknown tokens. */
  async function block(ip: string): Promise<void> {
    for (let i = 0; i < 20; i += 1) {
      expect((await get({ token: UNKNOWN, ip })).status).toBe(401);
    }
    expect((await get({ token: UNKNOWN, ip })).status).toBe(429);
  }

  it("a valid token never used on this instance keeps working from a blocked IP, and is logged for its organization", async () => {
    holdClockAtMinuteStart();
    // The token exists when this instance builds its set (as at start-up); it has never
    // authenticated here.
    const { organization, token, tokenRow } = await createApiTenant("PRO");
    await liveTokens.rebuild();
    const sharedNat = uniqueIp();
    await block(sharedNat);
    const answer = await get({ token, ip: sharedNat });
    expect(answer.status).toBe(200);
    await flushRequestLogs();
    const logged = await db.apiRequestLog.findFirst({
      where: { tokenId: tokenRow.id, requestId: answer.headers.get("x-request-id") },
    });
    expect(logged).toMatchObject({ organizationId: organization.id, status: 200 });
  });

  it("a token created after the build is accepted from a blocked IP once its announcement arrived", async () => {
    holdClockAtMinuteStart();
    const sharedNat = uniqueIp();
    await block(sharedNat);
    // Created through the service; on PostgreSQL the set learns of it only through the
    // api_tokens trigger's NOTIFY on its listener connection (as any other instance would),
    // on the embedded database from this process's own announcement.
    const { organization, user } = await createTestTenant({ plan: "PRO" });
    const created = await createToken(
      { principal: { kind: "user", userId: user.id, ip: null }, organizationId: organization.id },
      { name: "CI", description: "", ipAllowlist: [], expiresOn: null },
    );
    await liveTokens.whenKnown(hashApiToken(created.token));
    expect((await get({ token: created.token, ip: sharedNat })).status).toBe(200);
  });

  it("a guess matching a live token's hash prefix costs exactly one lookup, then none, and is refused and counted", async () => {
    holdClockAtMinuteStart();
    const { organization } = await createApiTenant("PRO");
    // A live token whose hash shares its first 8 bytes with the guess's: by chance this
    // takes about 2^64 / (live tokens) guesses; here it is made on purpose.
    const guess = generateApiToken().token;
    const guessHash = hashApiToken(guess);
    const twinHash = `${guessHash.slice(0, 16)}${"0".repeat(48)}`;
    expect(twinHash).not.toBe(guessHash);
    await db.apiToken.create({
      data: {
        organizationId: organization.id,
        name: "Twin",
        tokenHash: twinHash,
        lastFour: "0000",
      },
    });
    await liveTokens.rebuild();
    expect(liveTokens.mayBeLive(guessHash)).toBe(true);
    const sharedNat = uniqueIp();
    await block(sharedNat);

    const before = unattributedRequestCounts();
    const firstQueries = await requestQueriesDuring(async () => {
      const first = await get({ token: guess, ip: sharedNat });
      expect(first.status).toBe(429);
      await expect(readError(first)).resolves.toMatchObject({ code: "rate_limited" });
    });
    expect(firstQueries).toHaveLength(1);
    // Counted like any unknown token (a failure of the IP), not attributed to anyone.
    expect(unattributedRequestCounts().unknown_token - before.unknown_token).toBe(1);
    const laterQueries = await requestQueriesDuring(async () => {
      for (let i = 0; i < 5; i += 1) {
        expect((await get({ token: guess, ip: sharedNat })).status).toBe(429);
      }
    });
    expect(laterQueries).toEqual([]);
    expect(unattributedRequestCounts().blocked_ip - before.blocked_ip).toBe(5);
  });

  it("a token revoked after the build is refused from a blocked IP, after one lookup that logs it", async () => {
    holdClockAtMinuteStart();
    const { organization, token, tokenRow } = await createApiTenant("PRO");
    await liveTokens.rebuild();
    await db.apiToken.update({ where: { id: tokenRow.id }, data: { revokedAt: clock.now() } });
    const sharedNat = uniqueIp();
    await block(sharedNat);
    const refused = await get({ token, ip: sharedNat });
    expect(refused.status).toBe(429);
    await flushRequestLogs();
    const logged = await db.apiRequestLog.findFirst({
      where: { tokenId: tokenRow.id, requestId: refused.headers.get("x-request-id") },
    });
    expect(logged).toMatchObject({
      organizationId: organization.id,
      refusalReason: "failed_auth_limit",
    });
    const laterQueries = await requestQueriesDuring(async () => {
      expect((await get({ token, ip: sharedNat })).status).toBe(429);
    });
    expect(laterQueries).toEqual([]);
  });
});

describe("per-token request limits by plan", () => {
  it("sends RateLimit headers on every authenticated answer and 429 beyond the Pro limit of 600/min", async () => {
    holdClockAtMinuteStart();
    const { organization, token, tokenRow } = await createApiTenant("PRO");
    const ip = uniqueIp();
    const first = await get({ token, ip });
    expect(first.status).toBe(200);
    expect(first.headers.get("ratelimit-limit")).toBe("600");
    expect(first.headers.get("ratelimit-remaining")).toBe("599");
    const reset = Number(first.headers.get("ratelimit-reset"));
    expect(reset).toBeGreaterThanOrEqual(1);
    expect(reset).toBeLessThanOrEqual(60);

    for (let batch = 0; batch < 599 / 50; batch += 1) {
      const size = Math.min(50, 599 - batch * 50);
      const answers = await Promise.all(Array.from({ length: size }, () => get({ token, ip })));
      expect(answers.every((answer) => answer.status === 200)).toBe(true);
    }
    const over = await get({ token, ip });
    expect(over.status).toBe(429);
    expect(over.headers.get("ratelimit-limit")).toBe("600");
    expect(over.headers.get("ratelimit-remaining")).toBe("0");
    expect(Number(over.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    await expect(readError(over)).resolves.toMatchObject({ code: "rate_limited" });

    // Another token of the same organization has its own allowance.
    const other = await createApiToken({ organizationId: organization.id });
    expect((await get({ token: other.token, ip })).status).toBe(200);

    // The refused request is in the customer's log, like every attributed request.
    await flushRequestLogs();
    const logged = await db.apiRequestLog.count({
      where: { tokenId: tokenRow.id, status: 429, errorCode: "rate_limited" },
    });
    expect(logged).toBe(1);
  });

  it("gives Business 3,000 and Enterprise the configured limit (default 10,000)", async () => {
    const business = await createApiTenant("BUSINESS");
    const response = await get({ token: business.token, ip: uniqueIp() });
    expect(response.headers.get("ratelimit-limit")).toBe("3000");
    const enterprise = await createApiTenant("ENTERPRISE");
    const enterpriseResponse = await get({ token: enterprise.token, ip: uniqueIp() });
    expect(enterpriseResponse.headers.get("ratelimit-limit")).toBe("10000");

    process.env.ENTERPRISE_RATE_LIMIT_PER_MIN = "25000";
    reloadConfig();
    try {
      expect(tokenRateLimitPerMinute("ENTERPRISE")).toBe(25_000);
    } finally {
      delete process.env.ENTERPRISE_RATE_LIMIT_PER_MIN;
      reloadConfig();
    }
    expect(tokenRateLimitPerMinute("FREE")).toBeNull();
  });

  it("sends RateLimit headers on error answers of authenticated requests too", async () => {
    const { token } = await createApiTenant("PRO");
    const response = await domainsRoute.POST(
      apiRequest("/api/v1/domains", { method: "POST", token, ip: uniqueIp(), body: "{" }),
    );
    expect(response.status).toBe(400);
    expect(response.headers.get("ratelimit-limit")).toBe("600");
  });
});
