// `npm run test:time-bombs`: the Vitest files that write a calendar date (YYYY-MM-DD) in
// their text, run again ten years ahead. The application's clock (lib/clock.ts) is shifted
// for the run (TEST_CLOCK_SHIFT_DAYS, test/clock.ts): a test that compares a date fixed in
// its text with the current time, directly or through a service that reads the clock, then
// fails today instead of on the day the date passes. A test that reads the wall clock
// (Date.now) where the application reads its own clock fails too. Only files with a fixed
// date can hold such a comparison, so the run stays a fraction of the suite.

import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { bin, ROOT, run } from "./lib/processes.mjs";

const SHIFT_DAYS = 3653;
const FIXED_DATE = /["'`]\d{4}-\d{2}-\d{2}/;
const SKIPPED_DIRECTORIES = new Set(["node_modules", ".next", ".data", "generated", "e2e"]);

function testFiles(directory) {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) {
      return SKIPPED_DIRECTORIES.has(entry.name) || entry.name.startsWith(".")
        ? []
        : testFiles(full);
    }
    return /\.test\.tsx?$/.test(entry.name) && !entry.name.endsWith(".stress.test.ts")
      ? [full]
      : [];
  });
}

const files = testFiles(ROOT)
  .filter((file) => FIXED_DATE.test(readFileSync(file, "utf8")))
  .map((file) => path.relative(ROOT, file))
  .sort();
console.log(`${files.length} test files with fixed dates, run ${SHIFT_DAYS} days ahead.`);
const code = run(bin("vitest"), ["run", ...files], {
  ...process.env,
  TEST_CLOCK_SHIFT_DAYS: String(SHIFT_DAYS),
});
process.exit(code);
