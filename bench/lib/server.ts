import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { ROOT } from "./environment";

// Starts and stops the production server (`node server.mjs`) the way it runs in
// production, so the measured path includes the custom server and its shutdown hooks.

export interface RunningServer {
  child: ChildProcess;
  pid: number;
  baseUrl: string;
  /** Everything the server printed, for diagnosing a failed run. */
  output: string[];
}

function portIsFree(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once("error", () => resolve(false));
    probe.listen(port, host, () => probe.close(() => resolve(true)));
  });
}

async function waitUntilHealthy(baseUrl: string, server: RunningServer, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.child.exitCode !== null) {
      throw new Error(`The server exited during start-up:\n${server.output.join("")}`);
    }
    try {
      const response = await fetch(`${baseUrl}/api/health`);
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`The server did not become healthy within ${timeoutMs / 1000} s.`);
}

export async function startServer(options: {
  port: number;
  databaseUrl: string;
}): Promise<RunningServer> {
  const host = "127.0.0.1";
  if (!(await portIsFree(options.port, host))) {
    throw new Error(`Port ${options.port} is in use; set BENCH_PORT to a free port.`);
  }
  const child = spawn(process.execPath, ["server.mjs"], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      PORT: String(options.port),
      HOSTNAME: host,
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
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const server: RunningServer = {
    child,
    pid: child.pid!,
    baseUrl: `http://${host}:${options.port}`,
    output: [],
  };
  child.stdout?.on("data", (chunk: Buffer) => server.output.push(chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => server.output.push(chunk.toString()));
  try {
    await waitUntilHealthy(server.baseUrl, server, 60_000);
  } catch (error) {
    child.kill("SIGKILL");
    throw error;
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
export function stopServer(
  server: RunningServer,
  graceMs = 30_000,
): Promise<{ exitCode: number | null; seconds: number }> {
  const started = performance.now();
  const { child } = server;
  if (child.exitCode !== null) {
    return Promise.resolve({ exitCode: child.exitCode, seconds: 0 });
  }
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
    child.once("exit", (code) => {
      clearTimeout(timer);
      resolve({
        exitCode: code,
        seconds: Math.round((performance.now() - started) / 10) / 100,
      });
    });
    child.kill("SIGTERM");
  });
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
