// The MailShield HTTP server: a thin Node server around Next.js.
//
// It exists for two reasons that Next's own `next start` cannot cover:
// 1. Route handlers in the App Router cannot see the TCP socket, so they cannot know the
//    real peer address. This server overwrites the `x-mailshield-client-ip` header with the
//    socket's address before Next sees the request; an incoming header of that name is
//    always discarded, so a client cannot choose its own IP. For the same reason the
//    X-Forwarded-* headers are dropped unless TRUST_PROXY_HOPS says a proxy writes them,
//    and a server action whose Origin is not this site is refused here with a 403.
// 2. Graceful shutdown: on SIGTERM/SIGINT it stops accepting connections, waits for the
//    requests in flight, then runs the async hooks that application code registered on
//    `globalThis.__mailshieldShutdownHooks` (for example the request-log writer's flush),
//    and exits. A second signal exits immediately.
//
// Started by `npm start` (scripts/start.mjs, which sets MAILSHIELD_STDIN_LIFELINE=1), it
// runs in a process group of its own and its stdin is a pipe from that parent: when the
// parent dies without stopping it, stdin ends and the server shuts down the same way.
//
// Usage: `node server.mjs` (production build) or `node server.mjs --dev`.
// Settings: PORT (default 3000), HOSTNAME (default 0.0.0.0), SHUTDOWN_TIMEOUT_MS (default
// 25000: the longest wait for in-flight requests and hooks), LOG_LEVEL; read and checked,
// like every variable, by lib/config.mjs.

import { createServer } from "node:http";
import { markRepeatedAuthorization } from "./lib/auth/repeated-authorization.mjs";
import { assertReadyToServe, ConfigError, config } from "./lib/config.mjs";
import { dropUntrustedForwardedHeaders } from "./lib/http/forwarded-headers.mjs";
import {
  crossOriginActionRefusal,
  isPossibleServerAction,
} from "./lib/http/server-action-origin.mjs";
import { listenFailureMessage } from "./lib/listen-failure.mjs";
import { processLogger } from "./lib/process-logger.mjs";

const CLIENT_IP_HEADER = "x-mailshield-client-ip";

const dev = process.argv.includes("--dev");

// Next reads NODE_ENV when it loads, so it has to be settled before the import below (and
// before the configuration is read: its rules depend on it).
process.env.NODE_ENV = dev ? "development" : "production";
process.env.NEXT_TELEMETRY_DISABLED ??= "1";

// A wrong value stops the server here, before Next loads, with a message naming the variable.
let settings;
try {
  settings = config();
  assertReadyToServe(settings);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
}
const { HOSTNAME: hostname, PORT: port, SHUTDOWN_TIMEOUT_MS: shutdownTimeoutMs } = settings;

// The process's one logger, shared with the application (lib/logger.ts), which would create
// it the same way from the same settings had this server not done so first.
const log = processLogger(() => ({ level: settings.LOG_LEVEL ?? "info", readable: dev }));

// Application modules push async functions here; they run once, after the last response.
globalThis.__mailshieldShutdownHooks ??= [];

const { default: next } = await import("next");
const app = next({ dev, hostname, port });
const handle = app.getRequestHandler();

let inFlight = 0;
let shuttingDown = false;
/** @type {(() => void) | null} */
let onIdle = null;

/**
 * Replaces any client-supplied value of the trusted client-IP header with the socket's
 * address. Both the parsed headers and the raw header list are rewritten, because
 * different parts of Next read one or the other.
 * @param {import("node:http").IncomingMessage} req
 */
function stampClientIp(req) {
  const raw = req.rawHeaders;
  for (let i = raw.length - 2; i >= 0; i -= 2) {
    if (raw[i]?.toLowerCase() === CLIENT_IP_HEADER) raw.splice(i, 2);
  }
  delete req.headers[CLIENT_IP_HEADER];
  const address = req.socket.remoteAddress;
  if (address) {
    req.headers[CLIENT_IP_HEADER] = address;
    raw.push(CLIENT_IP_HEADER, address);
  }
}

/**
 * Answers 403 to a server-action request whose Origin is missing or is not this site, so
 * that Next (which would answer 500 and log an error) never sees it. True when it answered.
 * @param {import("node:http").IncomingMessage} req
 * @param {import("node:http").ServerResponse} res
 */
function refusedCrossOriginAction(req, res) {
  if (!isPossibleServerAction(req)) return false;
  const refusal = crossOriginActionRefusal(req.headers);
  if (refusal === null) return false;
  // The caller's mistake (or a forgery), not the server's: a warning, without the headers.
  log.warn({ url: req.url, reason: refusal }, "server action refused");
  res.statusCode = 403;
  res.setHeader("Content-Type", "application/json");
  res.setHeader("Cache-Control", "no-store");
  res.end(JSON.stringify({ error: { code: "forbidden", message: refusal } }));
  return true;
}

const server = createServer((req, res) => {
  inFlight += 1;
  res.once("close", () => {
    inFlight -= 1;
    if (inFlight === 0 && onIdle) onIdle();
  });
  // While draining, ask keep-alive clients to reconnect elsewhere instead of reusing
  // this connection, so the server can finish closing.
  if (shuttingDown) res.setHeader("Connection", "close");
  stampClientIp(req);
  dropUntrustedForwardedHeaders(req, settings.TRUST_PROXY_HOPS);
  if (refusedCrossOriginAction(req, res)) return;
  // Like the socket address, only the raw headers show a repeated Authorization header.
  markRepeatedAuthorization(req);
  handle(req, res).catch((error) => {
    log.error({ url: req.url, error }, "unhandled request error");
    if (!res.headersSent) {
      res.statusCode = 500;
      res.setHeader("Content-Type", "application/json");
      res.setHeader("Cache-Control", "no-store");
      res.end(
        JSON.stringify({ error: { code: "internal_error", message: "Internal server error" } }),
      );
    } else {
      res.destroy();
    }
  });
});

// Development needs WebSocket upgrades for hot reloading; production has no upgrade users
// but passing them to Next is harmless.
server.on("upgrade", (req, socket, head) => {
  app.getUpgradeHandler()(req, socket, head);
});

function waitForIdle() {
  if (inFlight === 0) return Promise.resolve();
  return new Promise((resolve) => {
    onIdle = resolve;
  });
}

function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((resolve) => {
    timer = setTimeout(() => {
      log.warn(`shutdown: ${what} timed out after ${ms} ms`);
      resolve();
    }, ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function runShutdownHooks() {
  const hooks = [...(globalThis.__mailshieldShutdownHooks ?? [])];
  log.info(`Running ${hooks.length} shutdown hook(s)`);
  const results = await Promise.allSettled(hooks.map((hook) => hook()));
  for (const result of results) {
    if (result.status === "rejected") {
      log.error({ error: result.reason }, "shutdown hook failed");
    }
  }
}

async function shutdown(signal) {
  if (shuttingDown) {
    log.warn(`Received ${signal} again, exiting immediately`);
    process.exit(1);
  }
  shuttingDown = true;
  log.info(`Received ${signal}, draining ${inFlight} request(s)`);
  // Stop accepting new connections; idle keep-alive sockets are closed right away.
  server.close();
  server.closeIdleConnections();
  await withTimeout(waitForIdle(), shutdownTimeoutMs, "waiting for in-flight requests");
  server.closeAllConnections();
  await withTimeout(runShutdownHooks(), shutdownTimeoutMs, "shutdown hooks");
  await withTimeout(app.close(), 2_000, "closing Next");
  log.info("Shutdown complete");
  process.exit(0);
}

process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));
if (settings.MAILSHIELD_STDIN_LIFELINE === "1") {
  process.stdin.on("end", () => void shutdown("the end of stdin (its parent is gone)"));
  process.stdin.resume();
}

// A port taken by another program (also when it was taken after `npm start` checked it)
// ends the process with exit code 1 and a message naming PORT, once what already started
// (the job worker, through its shutdown hook) is stopped: an unhandled listen error would
// leave the process running, its worker busy, without serving anything.
/** @param {NodeJS.ErrnoException} error */
async function exitAfterListenError(error) {
  shuttingDown = true;
  process.stderr.write(`${listenFailureMessage(error, { hostname, port })}\n`);
  await withTimeout(runShutdownHooks(), shutdownTimeoutMs, "shutdown hooks");
  await withTimeout(app.close(), 2_000, "closing Next");
  process.exit(1);
}

await app.prepare();
/** @param {NodeJS.ErrnoException} error */
const onListenError = (error) => void exitAfterListenError(error);
server.once("error", onListenError);
server.listen(port, hostname, () => {
  server.off("error", onListenError);
  const shown = hostname === "0.0.0.0" || hostname === "::" ? "localhost" : hostname;
  log.info(`MailShield ready on http://${shown}:${port} (${dev ? "development" : "production"})`);
});
