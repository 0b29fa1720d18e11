// `node scripts/test-summary.mjs <report folder>…`: one "N passed, N failed" line over the
// reports that `npm test` runs left (TEST_REPORTS_DIR), so that CI's last line counts the
// suite on both databases. A folder without a report counts nothing (its run says why).

import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { ROOT } from "./lib/processes.mjs";

function readReport(folder, file) {
  const full = path.resolve(ROOT, folder, file);
  return existsSync(full) ? JSON.parse(readFileSync(full, "utf8")) : null;
}

let passed = 0;
let failed = 0;
for (const folder of process.argv.slice(2)) {
  const vitest = readReport(folder, "vitest.json");
  const playwright = readReport(folder, "playwright.json")?.stats ?? {};
  passed += (vitest?.numPassedTests ?? 0) + (playwright.expected ?? 0) + (playwright.flaky ?? 0);
  failed += (vitest?.numFailedTests ?? 0) + (playwright.unexpected ?? 0);
}
console.log(`\n${passed} passed, ${failed} failed`);
