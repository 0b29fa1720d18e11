import { randomUUID } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateApiToken } from "@/lib/auth/token";
import type { Plan } from "@/lib/generated/prisma/enums";
import { TEST_REDIS_URL } from "@/lib/rate-limit/test-stores";
import {
  type AppServer,
  freePort,
  startAppServer,
  stopProcess,
  waitUntil,
} from "@/test/stress/harness";
import { type ReverseProxy, startReverseProxy } from "../../scripts/lib/processes.mjs";

// Our answer to more traffic than one machine: several stateless app instances on one
// PostgreSQL and one Redis, behind a reverse proxy. Here two production instances run
// behind nginx (round robin, X-Forwarded-For appended, TRUST_PROXY_HOPS=1) with the Redis
// rate-limit store, and every request goes through the proxy. nginx names the instance
// that answered in X-Upstream (a header only this test's configuration adds).

const PRO_LIMIT = 600;
const FAILED_AUTH_LIMIT = 20;
const MINUTE_MS = 60_000;
// Long enough for every sync of a key to have been read back by each instance (two
// one-second intervals, see BatchedWindowLimiter's sync of keys without idle refresh).
const SYNC_SETTLE_MS = 3_000;

let client: pg.Client;
let proxy: ReverseProxy;
const instances: AppServer[] = [];
let instanceEnv: Record<string, string>;

/** STRESS_PORT_BASE picks fixed ports (base, base + 1, …) on a machine shared by others. */
async function port(offset: number): Promise<number> {
  const base = Number(process.env.STRESS_PORT_BASE);
  return Number.isInteger(base) && base > 0 ? base + offset : freePort();
}

async function createToken(plan: Plan): Promise<{ id: string; token: string }> {
  const organizationId = randomUUID();
  await client.query(
    `INSERT INTO organizations (id, name, plan, updated_at) VALUES ($1, $2, $3, now())`,
    [organizationId, `Scale-out ${organizationId.slice(0, 8)}`, plan],
  );
  const generated = generateApiToken();
  const id = randomUUID();
  await client.query(
    `INSERT INTO api_tokens (id, organization_id, name, token_hash, last_four, updated_at)
     VALUES ($1, $2, 'scale-out', $3, $4, now())`,
    [id, organizationId, generated.tokenHash, generated.lastFour],
  );
  return { id, token: generated.token };
}

interface Answer {
  status: number;
  upstream: string;
}

async function get(path: string, token?: string): Promise<Answer> {
  const response = await fetch(`${proxy.url}${path}`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  await response.arrayBuffer();
  return { status: response.status, upstream: response.headers.get("x-upstream") ?? "" };
}

/** Sends `total` requests from `clients` concurrent loops (each waits for its answer). */
async function load(total: number, clients: number, send: () => Promise<Answer>) {
  const answers: Answer[] = [];
  let started = 0;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (started < total) {
        started += 1;
        answers.push(await send());
      }
    }),
  );
  return answers;
}

function countBy<T>(items: T[], key: (item: T) => string | number): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return counts;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Waits, when needed, so that at least `neededMs` remain in the current one-minute window
 * (the limits' windows are aligned to the epoch), or for the next window when `fresh`.
 */
async function windowWithRoom(neededMs: number, fresh = false): Promise<void> {
  const left = MINUTE_MS - (Date.now() % MINUTE_MS);
  if (fresh || left < neededMs) await sleep(left + 200);
}

beforeAll(async () => {
  client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  const proxyPort = await port(0);
  instanceEnv = {
    DATABASE_URL: process.env.DATABASE_URL ?? "",
    REDIS_URL: TEST_REDIS_URL,
    // Counters of this run only: no other test's failures or requests in these windows.
    REDIS_KEY_PREFIX: `mailshield-stress:${randomUUID()}:`,
    TRUST_PROXY_HOPS: "1",
    API_FAILED_AUTH_LIMIT_PER_MIN: String(FAILED_AUTH_LIMIT),
    // The address people use is the proxy's, not an instance's.
    NEXTAUTH_URL: `http://127.0.0.1:${proxyPort}`,
  };
  const ports = [await port(1), await port(2)];
  for (const instancePort of ports) instances.push(await startAppServer(instanceEnv, instancePort));
  proxy = await startReverseProxy({
    port: proxyPort,
    upstreams: ports.map((instancePort) => `127.0.0.1:${instancePort}`),
    exposeUpstream: true,
  });
});

afterAll(async () => {
  await proxy?.stop();
  await Promise.all(instances.map((instance) => stopProcess(instance.child)));
  await client?.end();
});

const upstreamOf = (index: number) => `127.0.0.1:${instances[index]!.port}`;

describe("two app instances behind nginx on one PostgreSQL and Redis", () => {
  it("holds a Pro token's 600 requests a minute across both instances to within 10 %", async () => {
    const { token } = await createToken("PRO");
    await windowWithRoom(20_000);
    const windowStart = Math.floor(Date.now() / MINUTE_MS);
    const answers = await load(900, 24, () => get("/api/v1/domains?limit=1", token));
    // All 900 fell into one window, or the count would have started again.
    expect(Math.floor(Date.now() / MINUTE_MS)).toBe(windowStart);

    expect(countBy(answers, (answer) => answer.status)).toEqual({
      200: expect.any(Number),
      429: expect.any(Number),
    });
    const allowed = answers.filter((answer) => answer.status === 200);
    expect(allowed.length).toBeGreaterThanOrEqual(PRO_LIMIT);
    expect(allowed.length).toBeLessThanOrEqual(PRO_LIMIT * 1.1);
    // Both instances served allowed requests.
    const servedBy = countBy(allowed, (answer) => answer.upstream);
    expect(Object.keys(servedBy).sort()).toEqual([upstreamOf(0), upstreamOf(1)].sort());
  });

  let failuresInWindow: number | null = null;

  it("refuses a revoked token on both instances at the next request", async () => {
    const { id, token } = await createToken("ENTERPRISE");
    const before = [await get("/api/v1/domains", token), await get("/api/v1/domains", token)];
    expect(before.map((answer) => answer.status)).toEqual([200, 200]);
    expect(new Set(before.map((answer) => answer.upstream)).size).toBe(2);

    await client.query("UPDATE api_tokens SET revoked_at = now() WHERE id = $1", [id]);
    failuresInWindow = Math.floor(Date.now() / MINUTE_MS);
    const after = [await get("/api/v1/domains", token), await get("/api/v1/domains", token)];
    expect(after.map((answer) => answer.status)).toEqual([401, 401]);
    expect(new Set(after.map((answer) => answer.upstream)).size).toBe(2);
  });

  it("loses no request-log row when one instance is stopped with SIGTERM under load", async () => {
    const { id, token } = await createToken("ENTERPRISE");
    let stopped = false;
    const answers: Answer[] = [];
    const flow = Array.from({ length: 12 }, async () => {
      while (!stopped) answers.push(await get("/api/v1/domains?limit=1", token));
    });
    await sleep(1_500);
    const servedBeforeStop = countBy(answers, (answer) => answer.upstream);
    const end = await stopProcess(instances[1]!.child);
    await sleep(1_000);
    stopped = true;
    await Promise.all(flow);

    expect(end.code).toBe(0);
    expect(servedBeforeStop[upstreamOf(1)]).toBeGreaterThan(0);
    // The proxy moved every request to the instance that was left: none failed.
    expect(countBy(answers, (answer) => answer.status)).toEqual({ 200: answers.length });
    const answered = answers.filter((answer) => answer.status < 500).length;
    const logged = async () => {
      const { rows } = await client.query<{ count: string }>(
        "SELECT count(*) FROM api_request_logs WHERE token_id = $1",
        [id],
      );
      return Number(rows[0]!.count);
    };
    // The instance still running writes its rows within moments; then they must all be there.
    await waitUntil(async () => (await logged()) >= answered, 10_000).catch(() => {});
    expect(await logged()).toBe(answered);

    // A rolling restart: the instance comes back on its port and the proxy uses it again.
    instances[1] = await startAppServer(instanceEnv, instances[1]!.port);
  });

  it("shares failed-authentication limits: 20 failures spread over both block the IP on both, whose valid tokens both still serve", async () => {
    await waitUntil(async () => {
      const answers = [await get("/api/health"), await get("/api/health")];
      return new Set(answers.map((answer) => answer.upstream)).size === 2;
    }, 30_000);
    // A window in which this client has failed nothing yet (the revocation test failed twice).
    await windowWithRoom(20_000, failuresInWindow === Math.floor(Date.now() / MINUTE_MS));

    const failures: Answer[] = [];
    for (let i = 0; i < FAILED_AUTH_LIMIT; i += 1)
      failures.push(await get("/api/v1/domains", generateApiToken().token));
    expect(failures.every((answer) => answer.status === 401)).toBe(true);
    // Round robin: half of the failures on each instance, each below the limit on its own.
    expect(countBy(failures, (answer) => answer.upstream)).toEqual({
      [upstreamOf(0)]: FAILED_AUTH_LIMIT / 2,
      [upstreamOf(1)]: FAILED_AUTH_LIMIT / 2,
    });

    await sleep(SYNC_SETTLE_MS);
    const next = [
      await get("/api/v1/domains", generateApiToken().token),
      await get("/api/v1/domains", generateApiToken().token),
    ];
    expect(next.map((answer) => answer.status)).toEqual([429, 429]);
    expect(new Set(next.map((answer) => answer.upstream)).size).toBe(2);
    // A valid token that neither instance has seen work (created by another connection
    // after both started, so each learned of it only through the api_tokens trigger's
    // NOTIFY on its listener) keeps working from the blocked IP, on both.
    const innocent = await createToken("PRO");
    await waitUntil(async () => {
      const answers = [
        await get("/api/v1/domains", innocent.token),
        await get("/api/v1/domains", innocent.token),
      ];
      return answers.every((answer) => answer.status === 200);
    }, 10_000);
    const served = [
      await get("/api/v1/domains", innocent.token),
      await get("/api/v1/domains", innocent.token),
    ];
    expect(served.map((answer) => answer.status)).toEqual([200, 200]);
    expect(new Set(served.map((answer) => answer.upstream)).size).toBe(2);
  });
});
