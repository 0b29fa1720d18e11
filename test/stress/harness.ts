import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll } from "vitest";
import {
  type AppServer,
  type EmbeddedDatabase,
  freePort,
  ROOT,
  startAppServer as startAppServerProcess,
  startEmbeddedDatabase as startEmbeddedDatabaseProcess,
  stopProcess,
  toolScript,
} from "../../scripts/lib/processes.mjs";

// Real processes for the stress suites (started and stopped by scripts/lib/processes.mjs):
// the embedded PostgreSQL (PGlite over the wire protocol) that a test can stop and start,
// and the app's own server.mjs on the production build. Every process started here is
// stopped by the test that started it.

export { type AppServer, type EmbeddedDatabase, freePort, ROOT, stopProcess };

/** Starts PGlite on `port` with its data in `dataDir`, so a restart keeps the data. */
export function startEmbeddedDatabase(dataDir: string, port: number): Promise<EmbeddedDatabase> {
  return startEmbeddedDatabaseProcess({ dataDir, port });
}

export function migrateAndSeed(databaseUrl: string): void {
  for (const script of ["scripts/db/migrate.ts", "scripts/db/seed.ts"]) {
    const [command, args] = script.endsWith("migrate.ts")
      ? toolScript(script, "deploy")
      : toolScript(script);
    const result = spawnSync(command, args, {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: databaseUrl },
      encoding: "utf8",
    });
    if (result.status !== 0) throw new Error(`${script} failed:\n${result.stdout}${result.stderr}`);
  }
}

/**
 * Starts `node server.mjs` (production build) on `port` (a free one by default) once it
 * accepts requests.
 */
export async function startAppServer(
  env: Record<string, string>,
  port?: number,
): Promise<AppServer> {
  return startAppServerProcess({
    port: port ?? (await freePort()),
    env: {
      // Every stress file talks from 127.0.0.1 and several fail authentication on purpose;
      // the per-IP failure limit (tested in test/security/rate-limits.test.ts) would turn
      // one file's 401s into the next file's 429s within the same minute.
      API_FAILED_AUTH_LIMIT_PER_MIN: "1000000",
      ...env,
    },
  });
}

/** Polls `probe` until it returns true or `timeoutMs` passes; returns the time it took. */
export async function waitUntil(probe: () => Promise<boolean>, timeoutMs: number): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if (await probe().catch(() => false)) return Date.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`condition not met within ${timeoutMs} ms`);
}

/** The `name=value` pairs of Set-Cookie headers, ready for a Cookie header. */
export function cookiePairs(setCookies: string[]): string {
  return setCookies.map((cookie) => cookie.split(";")[0]).join("; ");
}

/**
 * Signs in through next-auth's own endpoints, as the browser does (CSRF token first), and
 * returns the Set-Cookie headers of the answer plus a Cookie header for later requests.
 */
export async function signInOverHttp(
  baseUrl: string,
  email: string,
  password: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; setCookies: string[]; cookie: string; body: string }> {
  const csrfResponse = await fetch(`${baseUrl}/api/auth/csrf`, { headers });
  const { csrfToken } = (await csrfResponse.json()) as { csrfToken: string };
  const csrfCookie = cookiePairs(csrfResponse.headers.getSetCookie());
  const response = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: {
      ...headers,
      "content-type": "application/x-www-form-urlencoded",
      cookie: csrfCookie,
    },
    body: new URLSearchParams({ csrfToken, email, password, json: "true" }).toString(),
  });
  const setCookies = response.headers.getSetCookie();
  return {
    status: response.status,
    setCookies,
    cookie: cookiePairs(setCookies.filter((cookie) => /session-token=/.test(cookie))),
    body: await response.text(),
  };
}

/**
 * For a suite that drives the production server on DATABASE_URL and also reads or changes
 * rows directly: starts both before the suite's tests and stops them after. `env` adds to
 * the server's environment (e.g. TRUST_PROXY_HOPS).
 */
export function appServerAndDatabaseForSuite(env: Record<string, string> = {}): {
  server: AppServer;
  client: pg.Client;
} {
  const suite = {} as { server: AppServer; client: pg.Client };
  beforeAll(async () => {
    suite.client = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await suite.client.connect();
    suite.server = await startAppServer({ DATABASE_URL: process.env.DATABASE_URL ?? "", ...env });
  });
  afterAll(async () => {
    if (suite.server) await stopProcess(suite.server.child);
    await suite.client?.end();
  });
  return suite;
}

/** The id of a server action in the production build, looked up by its exported name. */
export function serverActionId(exportedName: string): string {
  const manifest = JSON.parse(
    readFileSync(path.join(ROOT, ".next/server/server-reference-manifest.json"), "utf8"),
  ) as { node: Record<string, { exportedName?: string }> };
  const entry = Object.entries(manifest.node).find(
    ([, value]) => value.exportedName === exportedName,
  );
  if (!entry) throw new Error(`server action ${exportedName} not found in the build`);
  return entry[0];
}
