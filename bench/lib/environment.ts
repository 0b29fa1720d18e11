import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { toolScript } from "../../scripts/lib/processes.mjs";

// What every benchmark mode needs before it measures anything: the database URL, a
// migrated and seeded database, and a description of the machine for the results file.

export const ROOT = path.resolve(import.meta.dirname, "../..");
export const DEFAULT_DATABASE_URL = "postgresql://postgres@127.0.0.1:5432/ms_bench";

export function databaseUrl(): string {
  return process.env.DATABASE_URL || DEFAULT_DATABASE_URL;
}

function runScript(script: string[], what: string): void {
  const [command, args] = toolScript(script[0]!, ...script.slice(1));
  const result = spawnSync(command, args, {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl() },
    stdio: ["ignore", "pipe", "inherit"],
  });
  if (result.status !== 0) throw new Error(`${what} failed (exit code ${result.status}).`);
}

/**
 * Applies pending migrations (a no-op when there are none) and seeds the demo data when
 * the database has no organization yet, so the bench runs on a fresh database.
 */
export async function prepareDatabase(): Promise<void> {
  runScript(["scripts/db/migrate.ts", "deploy"], "Migrating the database");
  const client = new pg.Client({ connectionString: databaseUrl() });
  await client.connect();
  try {
    const { rows } = await client.query<{ count: number }>(
      "SELECT count(*)::int AS count FROM organizations",
    );
    if ((rows[0]?.count ?? 0) === 0) runScript(["scripts/db/seed.ts"], "Seeding the database");
  } finally {
    await client.end();
  }
}

export interface MachineInfo {
  cpus: number;
  cpuModel: string;
  memoryGiB: number;
  node: string;
  postgres: string;
  /** 1-, 5- and 15-minute load averages when the run started. */
  loadAverage: number[];
}

export async function describeMachine(client: pg.Client): Promise<MachineInfo> {
  const { rows } = await client.query<{ server_version: string }>("SHOW server_version");
  return {
    cpus: os.availableParallelism(),
    cpuModel: os.cpus()[0]?.model ?? "unknown",
    memoryGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    postgres: rows[0]?.server_version ?? "unknown",
    loadAverage: os.loadavg().map((load) => Math.round(load * 100) / 100),
  };
}

/** The current load averages (to record how busy the machine was while measuring). */
export function loadAverage(): number[] {
  return os.loadavg().map((load) => Math.round(load * 100) / 100);
}

/** The id of the production build, or null when `next build` has not been run. */
export function productionBuildId(): string | null {
  try {
    return readFileSync(path.join(ROOT, ".next/BUILD_ID"), "utf8").trim();
  } catch {
    return null;
  }
}
