// The production build that `npm start`, `npm test`, the stress suite and the benchmark
// share: made once and reused until a source it depends on changes. Types: build.d.mts.

import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { bin, ROOT, runOrExit } from "./processes.mjs";

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
