import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ROOT } from "./environment";

const RESULTS_DIR = path.join(ROOT, "bench/results");

/**
 * Writes `result` to bench/results/<prefix><timestamp>.json and <prefix>latest.json and
 * returns the timestamped file's path relative to the repository.
 */
export function writeResult(prefix: string, result: unknown): string {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  const json = `${JSON.stringify(result, null, 2)}\n`;
  const file = path.join(RESULTS_DIR, `${prefix}${stamp}.json`);
  writeFileSync(file, json);
  writeFileSync(path.join(RESULTS_DIR, `${prefix}latest.json`), json);
  return path.relative(ROOT, file);
}
