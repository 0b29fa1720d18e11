import { randomUUID } from "node:crypto";
import http from "node:http";
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

/**
 * A GET through the proxy from the loopback address `from` (all of 127.0.0.0/8 is this
 * machine): a test that needs a client with no failures counted yet takes a fresh one.
 */
function get(path: string, token?: string, from = "127.0.0.1"): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = http.get(
      new URL(path, proxy.url),
      { localAddress: from, headers: token ? { authorization: `Bearer ${token}` } : {} },
      (response) => {
        response.resume();
        response.on("end", () => {
          const upstream = response.headers["x-upstream"];
          resolve({ status: response.statusCode ?? 0, upstream: String(upstream ?? "") });
        });
      },
    );
    request.on("error", reject);
  });
}

/**
 * Runs `attempt` until it ran within one one-minute window of the limits (aligned to the
 * epoch, on this machine's clock, which the instances share), at most three times: a run
 * that straddles a boundary counts in two windows, so its figures prove nothing. Instead of
 * waiting for a window to start, each attempt brings fresh counters (a new token or client).
 */
async function withinOneWindow<T>(attempt: (round: number) => Promise<T>): Promise<T> {
  for (let round = 0; round < 3; round += 1) {
    const started = Date.now();
    const result = await attempt(round);
    if (Math.floor(started / MINUTE_MS) === Math.floor(Date.now() / MINUTE_MS)) return result;
  }
  throw new Error("three attempts in a row straddled a one-minute window");
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
    const answers = await withinOneWindow(async () => {
      const { token } = await createToken("PRO");
      return load(900, 24, () => get("/api/v1/domains?limit=1", token));
    });

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

  it("refuses a revoked token on both instances at the next request", async () => {
    const { id, token } = await createToken("ENTERPRISE");
    const before = [await get("/api/v1/domains", token), await get("/api/v1/domains", token)];
    expect(before.map((answer) => answer.status)).toEqual([200, 200]);
    expect(new Set(before.map((answer) => answer.upstream)).size).toBe(2);

    await client.query("UPDATE api_tokens SET revoked_at = now() WHERE id = $1", [id]);
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
    await waitUntil(
      async () => answers.some((answer) => answer.upstream === upstreamOf(1)),
      10_000,
    );
    const servedBeforeStop = countBy(answers, (answer) => answer.upstream);
    const end = await stopProcess(instances[1]!.child);
    // The load goes on for a while on the instance that is left.
    const answeredAtStop = answers.length;
    await waitUntil(async () => answers.length >= answeredAtStop + 100, 10_000);
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
    // Each attempt is a client that has failed nothing yet (the revocation test failed twice
    // from 127.0.0.1), and the whole attempt must fall within one window of the limit.
    const innocent = await createToken("PRO");
    const { failures, next, served } = await withinOneWindow(async (round) => {
      const from = `127.0.0.${10 + round}`;
      const fail = () => get("/api/v1/domains", generateApiToken().token, from);
      const failures: Answer[] = [];
      for (let i = 0; i < FAILED_AUTH_LIMIT; i += 1) failures.push(await fail());
      // Each instance counts its own failures and learns the other's at its next sync (one
      // second apart): then both refuse the IP.
      let next: Answer[] = [];
      await waitUntil(async () => {
        next = [await fail(), await fail()];
        return next.every((answer) => answer.status === 429);
      }, 5_000);
      // A valid token that neither instance has seen work (created by another connection
      // after both started, so each learned of it only through the api_tokens trigger's
      // NOTIFY on its listener) keeps working from the blocked IP, on both.
      let served: Answer[] = [];
      await waitUntil(async () => {
        served = [
          await get("/api/v1/domains", innocent.token, from),
          await get("/api/v1/domains", innocent.token, from),
        ];
        return served.every((answer) => answer.status === 200);
      }, 10_000);
      return { failures, next, served };
    });
    expect(failures.every((answer) => answer.status === 401)).toBe(true);
    // Round robin: half of the failures on each instance, each below the limit on its own.
    expect(countBy(failures, (answer) => answer.upstream)).toEqual({
      [upstreamOf(0)]: FAILED_AUTH_LIMIT / 2,
      [upstreamOf(1)]: FAILED_AUTH_LIMIT / 2,
    });
    expect(next.map((answer) => answer.status)).toEqual([429, 429]);
    expect(new Set(next.map((answer) => answer.upstream)).size).toBe(2);
    expect(served.map((answer) => answer.status)).toEqual([200, 200]);
    expect(new Set(served.map((answer) => answer.upstream)).size).toBe(2);
  });
});
