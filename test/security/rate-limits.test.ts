import { randomInt } from "node:crypto";
import { describe, expect, it, vi } from "vitest";
import { db, dbPool } from "@/lib/db";
import { BatchedWindowLimiter } from "@/lib/rate-limit/batched-limiter";
import { rateLimitKeyForIp } from "@/lib/rate-limit/ip-key";
import { getRateLimitStore } from "@/lib/rate-limit/shared-store";
import { unattributedRequestCounts } from "@/lib/services/logs/unattributed";
import { flushRequestLogs } from "@/lib/services/logs/writer";
import { apiRequest, createApiTenant, createApiToken, readError } from "@/test/api/helpers";

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
const domainsRoute = await import("@/app/api/v1/domains/route");
const { apiRateLimiters, tokenRateLimitPerMinute } = await import("@/lib/rate-limit/api-limits");

function uniqueIp(): string {
  // A different /64 each time: IPv6 clients are limited per /64.
  const part = () => randomInt(1, 0xffff).toString(16);
  return `2001:db8:${part()}:${part()}::1`;
}

const get = (options: { token?: string; authorization?: string; ip: string }) =>
  domainsRoute.GET(apiRequest("/api/v1/domains", options));

const UNKNOWN = `ms_${"A".repeat(43)}`;

/** Waits for a fresh minute when the current one is nearly over (windows are per minute). */
async function awaitRoomInWindow(secondsNeeded = 20): Promise<void> {
  const left = 60 - new Date().getUTCSeconds();
  if (left < secondsNeeded) await new Promise((resolve) => setTimeout(resolve, left * 1000 + 50));
}

describe("failed authentication is limited per client IP", () => {
  it("answers 429 rate_limited with Retry-After after 20 failures, while other clients' traffic is unaffected", async () => {
    await awaitRoomInWindow();
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

    // The blocked IP is refused even with a valid token until the window ends…
    expect((await get({ token, ip: attacker })).status).toBe(429);
    // …and everyone else is not.
    expect((await get({ token, ip: bystander })).status).toBe(200);
    expect((await get({ token, ip: uniqueIp() })).status).toBe(200);
  });

  it("refuses a blocked IP without touching the database (the flood is cheap)", async () => {
    await awaitRoomInWindow();
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
    await awaitRoomInWindow();
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
    await awaitRoomInWindow();
    const ip = uniqueIp();
    for (let i = 0; i < 10; i += 1) {
      expect((await get({ authorization: "Basic abc", ip })).status).toBe(401);
      expect((await get({ ip })).status).toBe(401);
    }
    expect((await get({ ip })).status).toBe(429);
  });

  it("counts an IPv6 /64 as one client: rotating addresses within it does not help", async () => {
    await awaitRoomInWindow();
    const network = uniqueIp().replace(/::1$/, "");
    for (let i = 1; i <= 20; i += 1) {
      expect((await get({ token: UNKNOWN, ip: `${network}::${i.toString(16)}` })).status).toBe(401);
    }
    expect((await get({ token: UNKNOWN, ip: `${network}:ffff:ffff:ffff:ffff` })).status).toBe(429);
  });

  it("learns other app instances' failures through the store within a sync", async () => {
    await awaitRoomInWindow();
    const { token } = await createApiTenant("PRO");
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
    // IP is refused from memory, valid token or not.
    await apiRateLimiters().failedAuth.sync();
    expect((await get({ token: UNKNOWN, ip })).status).toBe(429);
    expect((await get({ token, ip })).status).toBe(429);
  });
});

describe("per-token request limits by plan", () => {
  it("sends RateLimit headers on every authenticated answer and 429 beyond the Pro limit of 600/min", async () => {
    await awaitRoomInWindow(40);
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
    try {
      expect(tokenRateLimitPerMinute("ENTERPRISE")).toBe(25_000);
    } finally {
      delete process.env.ENTERPRISE_RATE_LIMIT_PER_MIN;
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
