// Small process helpers shared by `npm start` and `npm test`.

import { spawn, spawnSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";

export const ROOT = path.resolve(import.meta.dirname, "../..");
export const DATA_DIR = path.join(ROOT, ".data");
const BIN = path.join(ROOT, "node_modules/.bin");

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
 * Starts the embedded PGlite server and resolves with its URL once it accepts
 * connections. `dataDir` is a folder, or "memory://" for a throwaway database.
 */
export function startEmbeddedDatabase({ dataDir, port }) {
  const child = spawn(bin("tsx"), ["scripts/db/embedded-server.ts"], {
    cwd: ROOT,
    env: { ...process.env, EMBEDDED_DB_DIR: dataDir, EMBEDDED_DB_PORT: String(port) },
    // stdin stays open as a lifeline: the server stops when this process goes away.
    stdio: ["pipe", "pipe", "inherit"],
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error("The embedded database did not start within 60 s."));
    }, 60_000);
    let buffered = "";
    child.stdout.on("data", (chunk) => {
      buffered += chunk.toString();
      const match = buffered.match(/ready (postgresql:\/\/\S+)/);
      if (match) {
        clearTimeout(timer);
        child.stdout.removeAllListeners("data");
        child.stdout.resume();
        resolve({ url: match[1], child });
      }
    });
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(
        new Error(
          `The embedded database exited (code ${code}). Is another MailShield already running on this data folder or port?`,
        ),
      );
    });
  });
}

/** Stops a child process with SIGTERM and waits for it (SIGKILL after a grace period). */
export function stopChild(child, graceMs = 30_000) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill("SIGTERM");
  });
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

const BUILD_INPUTS = [
  "app",
  "components",
  "lib",
  "proxy.ts",
  "next.config.ts",
  "postcss.config.mjs",
  "package.json",
  "package-lock.json",
  "prisma/schema.prisma",
];

function collectFiles(entry, files) {
  if (!existsSync(entry)) return;
  const stats = statSync(entry);
  if (stats.isDirectory()) {
    for (const name of readdirSync(entry)) collectFiles(path.join(entry, name), files);
  } else {
    files.push(`${path.relative(ROOT, entry)}:${stats.size}:${stats.mtimeMs}`);
  }
}

/** A fingerprint of everything a production build depends on. */
export function sourceFingerprint() {
  const files = [];
  for (const input of BUILD_INPUTS) collectFiles(path.join(ROOT, input), files);
  return createHash("sha256").update(files.sort().join("\n")).digest("hex");
}

const FINGERPRINT_FILE = path.join(ROOT, ".next/mailshield-build-fingerprint");

/** Runs `next build` unless the existing build was made from the same sources. */
export function buildIfNeeded(env) {
  const fingerprint = sourceFingerprint();
  const built =
    existsSync(path.join(ROOT, ".next/BUILD_ID")) &&
    existsSync(FINGERPRINT_FILE) &&
    readFileSync(FINGERPRINT_FILE, "utf8") === fingerprint;
  if (built) {
    console.log("Production build is up to date.");
    return;
  }
  console.log("Building the app (next build)…");
  // A production build whatever the caller's NODE_ENV (a test runner sets "test").
  runOrExit(bin("next"), ["build"], { ...env, NODE_ENV: "production" }, "next build");
  writeFileSync(FINGERPRINT_FILE, fingerprint);
}
