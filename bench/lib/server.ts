import type { ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { portIsFree, startAppServer, stopProcess } from "../../scripts/lib/processes.mjs";

// Starts and stops the production server (`node server.mjs`, through
// scripts/lib/processes.mjs) the way it runs in production, so the measured path includes
// the custom server and its shutdown hooks.

export interface RunningServer {
  child: ChildProcess;
  pid: number;
  baseUrl: string;
  /** Everything the server printed, for diagnosing a failed run. */
  output: () => string;
}

export async function startServer(options: {
  port: number;
  databaseUrl: string;
  /** Added to (and overriding) the bench's own settings below. */
  env?: Record<string, string>;
}): Promise<RunningServer> {
  const host = "127.0.0.1";
  if (!(await portIsFree(options.port, host))) {
    throw new Error(`Port ${options.port} is in use; set BENCH_PORT to a free port.`);
  }
  const { child, url, output } = await startAppServer({
    port: options.port,
    host,
    env: {
      DATABASE_URL: options.databaseUrl,
      NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET ?? randomBytes(32).toString("base64url"),
      NEXTAUTH_URL: `http://${host}:${options.port}`,
      // The bench talks to the socket directly: no proxy in front.
      TRUST_PROXY_HOPS: "0",
      // The limiters stay in the path (their cost is measured) but never trip: the bench
      // sends hundreds of requests a second with one token from one IP. The organization is
      // on Enterprise, whose per-token limit is configurable; C must measure the real 401
      // path (a lookup), which an attacker spreading over many IPs would reach.
      ENTERPRISE_RATE_LIMIT_PER_MIN: String(1_000_000_000),
      API_FAILED_AUTH_LIMIT_PER_MIN: String(1_000_000_000),
      ...options.env,
    },
  });
  const server: RunningServer = { child, pid: child.pid!, baseUrl: url, output };
  // Listening is not enough: the health check also proves the database is reachable.
  const health = await fetch(`${url}/api/health`).catch((error: unknown) => error);
  if (!(health instanceof Response) || !health.ok) {
    await stopProcess(child, { signal: "SIGKILL" });
    throw new Error(`The server is not healthy after start-up:\n${output()}`);
  }
  return server;
}

/** Resident and peak memory of the server process, in MiB (Linux /proc). */
export function serverMemory(pid: number): { rssMiB: number | null; peakRssMiB: number | null } {
  try {
    const status = readFileSync(path.join("/proc", String(pid), "status"), "utf8");
    const field = (name: string) => {
      const match = new RegExp(`^${name}:\\s+(\\d+) kB`, "m").exec(status);
      return match ? Math.round((Number(match[1]) / 1024) * 10) / 10 : null;
    };
    return { rssMiB: field("VmRSS"), peakRssMiB: field("VmHWM") };
  } catch {
    return { rssMiB: null, peakRssMiB: null };
  }
}

/**
 * Graceful stop: SIGTERM makes the server drain, run its shutdown hooks (flushing the
 * request-log queue) and exit. Resolves with the exit code and how long that took.
 */
export async function stopServer(
  server: RunningServer,
  graceMs = 30_000,
): Promise<{ exitCode: number | null; seconds: number }> {
  const started = performance.now();
  const { code } = await stopProcess(server.child, { graceMs });
  return { exitCode: code, seconds: Math.round((performance.now() - started) / 10) / 100 };
}

// Linux reports process CPU time in clock ticks; USER_HZ is 100 on every mainstream kernel.
const CLOCK_TICKS_PER_SECOND = 100;

/**
 * CPU time (user + system) the server process has used so far, in milliseconds, or null
 * where /proc is unavailable. The difference across a run, divided by the requests served,
 * is the server's CPU cost per request: a figure that, unlike throughput, hardly depends on
 * what else the machine is doing.
 */
export function serverCpuMs(pid: number): number | null {
  try {
    const stat = readFileSync(path.join("/proc", String(pid), "stat"), "utf8");
    // Fields after the parenthesized command name; utime and stime are fields 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const ticks = Number(fields[11]) + Number(fields[12]);
    return Number.isFinite(ticks) ? (ticks * 1000) / CLOCK_TICKS_PER_SECOND : null;
  } catch {
    return null;
  }
}

/**
 * CPU time (user + system) all local PostgreSQL processes have used so far, in
 * milliseconds, or null when none is visible (a remote database). Per request, it is the
 * database's share of the cost, which runs on the same cores as the server here.
 */
export function databaseCpuMs(): number | null {
  let total = 0;
  let found = false;
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(path.join("/proc", entry, "stat"), "utf8");
      const command = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
      if (command !== "postgres" && !command.startsWith("postgres:")) continue;
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      total += Number(fields[11]) + Number(fields[12]);
      found = true;
    } catch {
      // The process ended between listing and reading.
    }
  }
  return found ? (total * 1000) / CLOCK_TICKS_PER_SECOND : null;
}
