// Starting and stopping the app and its databases, written once for every caller: `npm
// start` (scripts/start.mjs), `npm test` (scripts/test.mjs), the stress suite
// (test/stress/harness.ts), the benchmark (bench/lib/server.ts) and the end-to-end suite
// (playwright.config.ts, e2e/graceful-shutdown.spec.ts), and nginx in front of several
// app instances (the scale-out stress test and benchmark). Types: processes.d.mts.

import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { once } from "node:events";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { connect, createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";

export const ROOT = path.resolve(import.meta.dirname, "../..");
/** The embedded demo's data (database, auth secret): MAILSHIELD_DATA_DIR, else `.data/`. */
export const DATA_DIR = path.resolve(ROOT, process.env.MAILSHIELD_DATA_DIR || ".data");
export const DEFAULT_EMBEDDED_DB_PORT = 54329;
const BIN = path.join(ROOT, "node_modules/.bin");
// Enough of a server's output to diagnose it; a long-lived one must not grow without end.
const MAX_CAPTURED_OUTPUT = 4_000_000;

export function bin(name) {
  return path.join(BIN, name);
}

/** Runs a command to completion with inherited output; returns its exit code. */
export function run(command, args, env = process.env) {
  const result = spawnSync(command, args, { cwd: ROOT, env, stdio: "inherit" });
  if (result.error) throw result.error;
  return result.status ?? 1;
}

/** Like run, but exits the whole script when the command fails. */
export function runOrExit(command, args, env, what) {
  const code = run(command, args, env);
  if (code !== 0) {
    console.error(`\n${what} failed (exit code ${code}).`);
    process.exit(code);
  }
}

/**
 * The command and arguments that run a TypeScript tool script (migrations, the seed) with
 * the module resolution of the server: the react-server condition, under which modules
 * marked `import "server-only"` (the database, the services) may be imported.
 */
export function toolScript(script, ...args) {
  return [bin("tsx"), ["--conditions=react-server", script, ...args]];
}

/** A port nothing listens on at the moment (the system picks it). */
export async function freePort(host = "127.0.0.1") {
  const server = createServer();
  server.listen(0, host);
  await once(server, "listening");
  const { port } = server.address();
  server.close();
  await once(server, "close");
  return port;
}

/** Why `port` cannot be listened on at `host` right now (EADDRINUSE, EACCES…), or null. */
export function listenError(port, host = "127.0.0.1") {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once("error", resolve);
    probe.listen(port, host, () => probe.close(() => resolve(null)));
  });
}

/** Whether `port` can be listened on at `host` right now. */
export async function portIsFree(port, host = "127.0.0.1") {
  return (await listenError(port, host)) === null;
}

/** Collects what a child prints on its piped stdout and stderr. */
function captureOutput(child) {
  let output = "";
  const collect = (chunk) => {
    output = (output + chunk.toString()).slice(-MAX_CAPTURED_OUTPUT);
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  return () => output;
}

/**
 * Resolves with the first match of `pattern` in a child's captured output. Rejects, and
 * kills the child, when it exits first or `timeoutMs` passes; the error shows its output.
 */
function waitForOutput(child, output, pattern, what, timeoutMs) {
  return new Promise((resolve, reject) => {
    const finish = (settle) => {
      clearTimeout(timer);
      child.stdout?.off("data", check);
      child.stderr?.off("data", check);
      child.off("exit", onExit);
      settle();
    };
    const check = () => {
      const match = output().match(pattern);
      if (match) finish(() => resolve(match));
    };
    const onExit = (code) =>
      finish(() =>
        reject(new Error(`${what} exited (code ${code}) before it was ready:\n${output()}`)),
      );
    const timer = setTimeout(() => {
      signal(child, "SIGKILL");
      finish(() => reject(new Error(`${what} did not start within ${timeoutMs} ms:\n${output()}`)));
    }, timeoutMs);
    child.stdout?.on("data", check);
    child.stderr?.on("data", check);
    child.once("exit", onExit);
  });
}

function hasExited(child) {
  return child.exitCode !== null || child.signalCode !== null;
}

// Children started in a process group of their own; each is signalled as a group, as a
// terminal would, so that whatever it started itself gets the signal too.
const ownProcessGroups = new WeakSet();

function signal(child, name) {
  if (hasExited(child)) return;
  try {
    if (ownProcessGroups.has(child)) process.kill(-child.pid, name);
    else child.kill(name);
  } catch {
    // It exited in the meantime.
  }
}

/**
 * Sends `signal` (SIGTERM) to a child and waits for it to exit, killing it when it has not
 * after `graceMs`. Resolves with its exit code, or the signal that ended it.
 */
export function stopProcess(child, { signal: name = "SIGTERM", graceMs = 30_000 } = {}) {
  if (!child || hasExited(child)) {
    return Promise.resolve({ code: child?.exitCode ?? null, signal: child?.signalCode ?? null });
  }
  return new Promise((resolve) => {
    const timer = setTimeout(() => signal(child, "SIGKILL"), graceMs);
    child.once("exit", (code, exitSignal) => {
      clearTimeout(timer);
      resolve({ code, signal: exitSignal });
    });
    signal(child, name);
  });
}

/**
 * The embedded database's port for `npm start`: EMBEDDED_DB_PORT when it is set (an error
 * when that port is taken), else 54329, else — when 54329 is taken, for example by the
 * database of another checkout on this machine — 0, a free one, saying so in one line.
 */
export async function embeddedDatabasePort(env = process.env) {
  const configured = env.EMBEDDED_DB_PORT;
  if (configured) {
    const port = Number(configured);
    if (!Number.isInteger(port) || port < 0 || port > 65_535) {
      throw new Error(
        `EMBEDDED_DB_PORT must be a port number (0 picks a free one): "${configured}".`,
      );
    }
    if (port !== 0 && !(await portIsFree(port))) {
      throw new Error(
        `EMBEDDED_DB_PORT=${port} is already in use. Stop what listens there, or set EMBEDDED_DB_PORT to another port (0, or unset, picks a free one).`,
      );
    }
    return port;
  }
  if (await portIsFree(DEFAULT_EMBEDDED_DB_PORT)) return DEFAULT_EMBEDDED_DB_PORT;
  console.log(
    `Port ${DEFAULT_EMBEDDED_DB_PORT} is in use (another checkout's database?): the embedded database takes a free port instead.`,
  );
  return 0;
}

/**
 * Starts the embedded PGlite server and resolves once it accepts connections. `dataDir` is
 * a folder, or "memory://" for a throwaway database; `port` 0 picks a free one.
 *
 * It runs in a process group of its own, so a Ctrl+C in the terminal does not reach it:
 * whoever started it stops it, after the app that may still be writing into it. Its stdin
 * is a lifeline: when the starting process goes away without stopping it, it stops itself.
 */
export async function startEmbeddedDatabase({
  dataDir,
  port,
  echoErrors = false,
  timeoutMs = 90_000,
}) {
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/db/embedded-server.ts"], {
    cwd: ROOT,
    env: { ...process.env, EMBEDDED_DB_DIR: dataDir, EMBEDDED_DB_PORT: String(port) },
    // With `echoErrors` its stderr goes straight to the terminal: a pipe could fill up
    // while the caller is blocked in a synchronous step and stall the database.
    stdio: ["pipe", "pipe", echoErrors ? "inherit" : "pipe"],
    detached: true,
  });
  ownProcessGroups.add(child);
  const output = captureOutput(child);
  const [, url] = await waitForOutput(
    child,
    output,
    /ready (postgresql:\/\/\S+)/,
    "The embedded database",
    timeoutMs,
  );
  return { url, port: Number(new URL(url).port), child, output };
}

/**
 * The auth secret of the embedded demo: generated once and kept in the data folder so
 * that sessions survive restarts. Deployments on PostgreSQL must provide their own.
 */
export function embeddedAuthSecret() {
  mkdirSync(DATA_DIR, { recursive: true });
  const file = path.join(DATA_DIR, "auth-secret");
  if (!existsSync(file))
    writeFileSync(file, randomBytes(32).toString("base64url"), { mode: 0o600 });
  return readFileSync(file, "utf8").trim();
}

/**
 * The embedded demo's key for authenticator-app secrets (TWO_FACTOR_ENCRYPTION_KEY), kept
 * beside its auth secret: a new key would make every stored secret unreadable.
 */
export function embeddedTwoFactorKey() {
  mkdirSync(DATA_DIR, { recursive: true });
  const file = path.join(DATA_DIR, "two-factor-key");
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString("base64"), { mode: 0o600 });
  return readFileSync(file, "utf8").trim();
}

// One key per test run, shared by every server it starts (two instances behind a proxy
// must read each other's secrets). Production requires it; the suites make their own.
const TEST_RUN_TWO_FACTOR_KEY = randomBytes(32).toString("base64");

/**
 * The environment of `node server.mjs` serving the production build at `host:port`. Its
 * public URL (NEXTAUTH_URL, which production requires: the links in emails) is that
 * address unless `env` names another (a proxy in front).
 */
export function appServerEnv({ port, host = "127.0.0.1", env = {} }) {
  return {
    ...process.env,
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    HOSTNAME: host,
    PORT: String(port),
    NEXTAUTH_URL: `http://${host}:${port}`,
    TWO_FACTOR_ENCRYPTION_KEY: process.env.TWO_FACTOR_ENCRYPTION_KEY ?? TEST_RUN_TWO_FACTOR_KEY,
    ...env,
  };
}

/**
 * Starts `node server.mjs` on the production build and resolves once it listens; all it
 * prints is collected in `output`. Stop it with stopProcess (SIGTERM: a graceful drain).
 */
export async function startAppServer({ port, host = "127.0.0.1", env = {}, timeoutMs = 60_000 }) {
  const child = spawn(process.execPath, ["server.mjs"], {
    cwd: ROOT,
    env: appServerEnv({ port, host, env }),
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output = captureOutput(child);
  await waitForOutput(child, output, /ready on/, "server.mjs", timeoutMs);
  return { child, url: `http://${host}:${port}`, port, output };
}

/**
 * Runs `node server.mjs` for `npm start`, printing to this terminal. Like the embedded
 * database it has a process group of its own, so a Ctrl+C reaches it once, passed on by
 * this process (a second one makes it exit at once), and its stdin is a lifeline: it shuts
 * down gracefully if this process dies without stopping it.
 */
export function spawnSupervisedAppServer({ env, dev = false }) {
  const child = spawn(process.execPath, ["server.mjs", ...(dev ? ["--dev"] : [])], {
    cwd: ROOT,
    env: { ...env, MAILSHIELD_STDIN_LIFELINE: "1" },
    stdio: ["pipe", "inherit", "inherit"],
    detached: true,
  });
  ownProcessGroups.add(child);
  return child;
}

/**
 * The nginx configuration of a round-robin reverse proxy on `host:port` in front of the
 * app instances at `upstreams` ("127.0.0.1:3001"), the way the README's deployment section
 * shows it. Each proxy appends the address it received the request from to
 * X-Forwarded-For, so the app runs with TRUST_PROXY_HOPS=1 behind it. With
 * `exposeUpstream` every response names the instance that served it (X-Upstream, for
 * tests). Paths of its own (pid, temporary files) are under `prefix`.
 */
export function reverseProxyConfig({
  host = "127.0.0.1",
  port,
  upstreams,
  prefix,
  exposeUpstream = false,
}) {
  const servers = upstreams.map((upstream) => `    server ${upstream};`).join("\n");
  return `daemon off;
worker_processes 1;
pid ${prefix}/nginx.pid;
error_log stderr warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path ${prefix}/client_body;
  proxy_temp_path ${prefix}/proxy;
  fastcgi_temp_path ${prefix}/fastcgi;
  uwsgi_temp_path ${prefix}/uwsgi;
  scgi_temp_path ${prefix}/scgi;
  upstream mailshield {
${servers}
    keepalive 32;
  }
  server {
    listen ${host}:${port};
    location / {
      proxy_pass http://mailshield;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-Host $http_host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;${exposeUpstream ? "\n      add_header X-Upstream $upstream_addr always;" : ""}
    }
  }
}
`;
}

/** The nginx binary: NGINX_PATH, else Debian's. */
export function nginxPath() {
  return process.env.NGINX_PATH || "/usr/sbin/nginx";
}

function acceptsConnections(port, host) {
  return new Promise((resolve) => {
    const socket = connect({ port, host });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

/**
 * Starts nginx as a round-robin proxy (reverseProxyConfig) in the foreground, with its
 * configuration and files in a temporary folder of its own, and resolves once it accepts
 * connections. Stop it with `stop()`: SIGTERM to its process group (master and worker),
 * then the folder goes.
 */
export async function startReverseProxy({
  host = "127.0.0.1",
  port,
  upstreams,
  exposeUpstream = false,
  timeoutMs = 10_000,
}) {
  const prefix = mkdtempSync(path.join(tmpdir(), "mailshield-nginx-"));
  const configFile = path.join(prefix, "nginx.conf");
  writeFileSync(configFile, reverseProxyConfig({ host, port, upstreams, prefix, exposeUpstream }));
  const child = spawn(nginxPath(), ["-p", prefix, "-c", configFile, "-e", "stderr"], {
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  ownProcessGroups.add(child);
  const output = captureOutput(child);
  // nginx has no lifeline like the embedded database's stdin: should this process end
  // without stopping it, it is killed on the way out rather than left holding its port.
  const killOnExit = () => signal(child, "SIGKILL");
  process.once("exit", killOnExit);
  const stop = async () => {
    const end = await stopProcess(child, { graceMs: 5_000 });
    process.off("exit", killOnExit);
    rmSync(prefix, { recursive: true, force: true });
    return end;
  };
  const started = Date.now();
  while (!(await acceptsConnections(port, host))) {
    if (hasExited(child) || Date.now() - started > timeoutMs) {
      await stop();
      throw new Error(`nginx did not start within ${timeoutMs} ms:\n${output()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { url: `http://${host}:${port}`, port, child, output, stop };
}
