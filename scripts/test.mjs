// `npm test`: type-check, lint, architecture (no import cycles between folders), unit and
// integration tests (Vitest), then the end-to-end suite (Playwright on Chromium) against a
// production build.
//
// Integration tests run against DATABASE_URL when it is set (PostgreSQL), otherwise
// against a throwaway in-memory embedded database started here. Every step runs even
// when an earlier one fails, so one run shows every problem; the exit code is non-zero
// if any step failed. The last line sums the test counts as "N passed, N failed".

import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { buildIfNeeded } from "./lib/build.mjs";
import {
  bin,
  ROOT,
  run,
  runOrExit,
  startEmbeddedDatabase,
  stopProcess,
  toolScript,
} from "./lib/processes.mjs";

// Playwright empties its own output folder (test-results) when it starts, so the
// machine-readable reports that the summary reads live apart from it. CI runs two suites at
// once (one per database), so each names its own folders (TEST_REPORTS_DIR, E2E_OUTPUT_DIR).
const RESULTS_DIR = path.resolve(ROOT, process.env.TEST_REPORTS_DIR ?? "test-reports");
const env = {
  ...process.env,
  NEXT_TELEMETRY_DISABLED: "1",
  NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET ?? randomBytes(32).toString("base64url"),
  E2E_PORT: process.env.E2E_PORT ?? "3100",
};
// `npm test -- --quick`, for a change that needs a fast check only: every check and the
// same unit and integration tests, except the two HTTP-level attack suites whose SQL the
// rest already runs (API fuzzing, rate limits: thousands of requests), and only the
// end-to-end spec of the token lifecycle. CI runs the whole suite on both databases. The
// lists name files; a name that matches none stops the run (a
// renamed file must not drop out of, or silently stay in, the quick selection).
const QUICK_EXCLUDED_TESTS = ["test/security/fuzz.test.ts", "test/security/rate-limits.test.ts"];
const QUICK_E2E_SPECS = ["e2e/tokens.spec.ts"];
const quick = process.argv.includes("--quick");
// `npm test -- --tests-only`: the tests without the type, lint and architecture checks, which
// read no database. CI runs the checks once, with the PostgreSQL run, and this beside it on
// the embedded database (two runs of `next typegen` would also write the same files at once).
const testsOnly = process.argv.includes("--tests-only");
// The embedded database serves one connection, so one database would run the test files one
// after another: the suite gets one per worker instead (in memory, each migrated and seeded),
// and test/setup-database.ts points each Vitest worker at its own.
const EMBEDDED_TEST_DATABASES = 2;
const failedSteps = [];
let databases = [];

for (const file of [...QUICK_EXCLUDED_TESTS, ...QUICK_E2E_SPECS]) {
  if (!existsSync(path.join(ROOT, file))) {
    console.error(
      `scripts/test.mjs names ${file} in its quick selection, but no such file exists.`,
    );
    process.exit(1);
  }
}

function step(name, command, args) {
  console.log(`\n▶ ${name}`);
  const code = run(command, args, env);
  if (code !== 0) failedSteps.push(name);
  return code;
}

function readJson(file) {
  return existsSync(file) ? JSON.parse(readFileSync(file, "utf8")) : null;
}

function vitestCounts() {
  const report = readJson(path.join(RESULTS_DIR, "vitest.json"));
  if (!report) return { passed: 0, failed: 0, found: false };
  return { passed: report.numPassedTests, failed: report.numFailedTests, found: true };
}

function playwrightCounts() {
  const report = readJson(path.join(RESULTS_DIR, "playwright.json"));
  if (!report) return { passed: 0, failed: 0, found: false };
  const { expected = 0, unexpected = 0, flaky = 0 } = report.stats ?? {};
  return { passed: expected + flaky, failed: unexpected, found: true };
}

function checkBrowser() {
  const chromium = env.CHROMIUM_PATH ?? "/usr/bin/chromium";
  if (existsSync(chromium)) return true;
  console.error(
    `\nNo Chromium found at ${chromium}. Install it with \`apt-get install -y chromium\` (Debian) or set CHROMIUM_PATH.`,
  );
  return false;
}

rmSync(RESULTS_DIR, { recursive: true, force: true });
mkdirSync(RESULTS_DIR, { recursive: true });

try {
  if (!testsOnly) {
    step("Generate route types (next typegen)", bin("next"), ["typegen"]);
    step("Type-check (tsc)", bin("tsc"), ["--noEmit", "-p", "."]);
    step("Lint and format check (biome)", bin("biome"), ["ci", "."]);
    // The folders it checks and its options live in one place: the lint:deps script.
    step("Architecture (dependency-cruiser)", "npm", ["run", "--silent", "lint:deps"]);
  }

  if (env.DATABASE_URL) {
    console.log("\nIntegration tests use DATABASE_URL (PostgreSQL).");
  } else {
    databases = await Promise.all(
      Array.from({ length: EMBEDDED_TEST_DATABASES }, () =>
        startEmbeddedDatabase({ dataDir: "memory://", port: 0, echoErrors: true }),
      ),
    );
    // The first also serves the end-to-end suite's server and the time-bomb run.
    env.DATABASE_URL = databases[0].url;
    env.TEST_DATABASE_URLS = databases.map((database) => database.url).join(",");
    env.DATABASE_POOL_MAX = "1";
    // Its connections share one session, where named prepared statements would collide.
    env.DATABASE_PREPARED_STATEMENTS = "off";
    env.MAILSHIELD_EMBEDDED_DB = "1";
    console.log(`\nIntegration tests use ${databases.length} embedded databases (in memory).`);
  }

  for (const url of env.TEST_DATABASE_URLS?.split(",") ?? [env.DATABASE_URL]) {
    const databaseEnv = { ...env, DATABASE_URL: url };
    runOrExit(
      ...toolScript("scripts/db/migrate.ts", "deploy"),
      databaseEnv,
      "Migrating the test database",
    );
    runOrExit(...toolScript("scripts/db/seed.ts"), databaseEnv, "Seeding the test database");
  }

  step("Unit and integration tests (vitest)", bin("vitest"), [
    "run",
    "--reporter=default",
    "--reporter=json",
    `--outputFile.json=${path.join(RESULTS_DIR, "vitest.json")}`,
    ...(quick ? QUICK_EXCLUDED_TESTS.flatMap((file) => ["--exclude", file]) : []),
  ]);
  step("Time bombs (tests with fixed dates, ten years ahead)", "node", ["scripts/time-bombs.mjs"]);

  if (checkBrowser()) {
    buildIfNeeded(env);
    env.PLAYWRIGHT_JSON_OUTPUT_FILE = path.join(RESULTS_DIR, "playwright.json");
    env.PLAYWRIGHT_JSON_OUTPUT_NAME = env.PLAYWRIGHT_JSON_OUTPUT_FILE;
    const specs = quick ? QUICK_E2E_SPECS : [];
    step(`End-to-end tests (playwright${quick ? ", quick" : ""})`, bin("playwright"), [
      "test",
      "--reporter=list,json",
      ...specs,
    ]);
  } else {
    failedSteps.push("End-to-end tests (no browser)");
  }
} finally {
  await Promise.all(databases.map((database) => stopProcess(database.child)));
}

const vitest = vitestCounts();
const playwright = playwrightCounts();
console.log("\n──────── Summary ────────");
console.log(
  `vitest:     ${vitest.found ? `${vitest.passed} passed, ${vitest.failed} failed` : "no report"}`,
);
console.log(
  `playwright: ${playwright.found ? `${playwright.passed} passed, ${playwright.failed} failed` : "no report"}`,
);
if (failedSteps.length > 0) console.log(`Failed steps: ${failedSteps.join("; ")}`);
const passed = vitest.passed + playwright.passed;
const failed = vitest.failed + playwright.failed;
console.log(`${passed} passed, ${failed} failed`);
process.exit(failedSteps.length > 0 ? 1 : 0);
