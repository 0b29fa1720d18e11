import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateApiToken } from "@/lib/auth/token";
import {
  type AppServer,
  type EmbeddedDatabase,
  freePort,
  migrateAndSeed,
  signInOverHttp,
  startAppServer,
  startEmbeddedDatabase,
  stopProcess,
  waitUntil,
} from "@/test/stress/harness";

// The database goes away under a running server and comes back. The test owns the
// database (PGlite over the wire protocol, data on disk so a restart keeps it): the API
// must answer 503 JSON within a bounded time, the health check 503, the dashboard an
// error page, the process must survive, and everything must recover on its own.

const OUTAGE_ANSWER_BOUND_MS = 4_000;

let dataDir: string;
let database: EmbeddedDatabase;
let server: AppServer;
let token: string;

async function timed(url: string, init?: RequestInit) {
  const started = Date.now();
  const response = await fetch(url, init);
  const text = await response.text();
  return { response, text, elapsedMs: Date.now() - started };
}

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), "mailshield-outage-"));
  database = await startEmbeddedDatabase(dataDir, await freePort());
  migrateAndSeed(database.url);
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  const generated = generateApiToken();
  await client.query(
    `INSERT INTO api_tokens (id, organization_id, name, token_hash, last_four, updated_at)
     SELECT gen_random_uuid(), id, 'outage test', $1, $2, now()
     FROM organizations WHERE plan = 'PRO' ORDER BY created_at LIMIT 1`,
    [generated.tokenHash, generated.lastFour],
  );
  await client.end();
  token = generated.token;
  server = await startAppServer({
    DATABASE_URL: database.url,
    DATABASE_POOL_MAX: "4",
    DATABASE_PREPARED_STATEMENTS: "off",
    DATABASE_CONNECT_TIMEOUT_MS: "1000",
  });
});

afterAll(async () => {
  if (server) await stopProcess(server.child);
  if (database) await stopProcess(database.child);
  rmSync(dataDir, { recursive: true, force: true });
});

describe("database outage", () => {
  it("answers 503 quickly while the database is down, stays up, and recovers by itself", async () => {
    const api = `${server.url}/api/v1/domains`;
    const auth = { headers: { authorization: `Bearer ${token}` } };
    expect((await timed(api, auth)).response.status).toBe(200);
    const session = await signInOverHttp(server.url, "pro@mailshield.test", "mailshield-demo");
    expect(session.cookie).toMatch(/session-token=/);

    await stopProcess(database.child);

    const during = await Promise.all(Array.from({ length: 6 }, () => timed(api, auth)));
    for (const { response, text, elapsedMs } of during) {
      expect(response.status).toBe(503);
      expect(response.headers.get("content-type")).toMatch(/^application\/json/);
      expect(JSON.parse(text)).toEqual({
        error: { code: "service_unavailable", message: expect.any(String) },
      });
      expect(elapsedMs).toBeLessThan(OUTAGE_ANSWER_BOUND_MS);
    }
    const health = await timed(`${server.url}/api/health`);
    expect(health.response.status).toBe(503);
    expect(health.elapsedMs).toBeLessThan(OUTAGE_ANSWER_BOUND_MS);

    // The signed-in dashboard renders its error page (never a stack trace or a hang).
    const page = await timed(`${server.url}/settings/api-tokens`, {
      headers: { cookie: session.cookie },
      redirect: "manual",
    });
    expect(page.elapsedMs).toBeLessThan(OUTAGE_ANSWER_BOUND_MS * 2);
    expect(page.text).not.toMatch(/ECONNREFUSED|at \w+ \(/);
    expect(server.child.exitCode).toBeNull();

    database = await startEmbeddedDatabase(dataDir, database.port);
    const recoveredAfterMs = await waitUntil(
      async () => (await fetch(api, auth)).status === 200,
      30_000,
    );
    expect(recoveredAfterMs).toBeLessThan(30_000);
    expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
    const dashboard = await fetch(`${server.url}/settings/api-tokens`, {
      headers: { cookie: session.cookie },
      redirect: "manual",
    });
    expect(dashboard.status).toBe(200);
    expect(server.child.exitCode).toBeNull();
  });
});
