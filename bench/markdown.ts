import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import type { ComponentsResult } from "./components";
import type { HttpBenchResult } from "./http";
import { ROOT } from "./lib/environment";
import type { LogsScaleResult } from "./logs-scale";

// `npm run bench -- --markdown`: the latest results as the Markdown tables of
// docs/performance.md, so the document is updated from result files, not retyped.

function readResult<T>(file: string): T | null {
  const full = path.join(ROOT, "bench/results", file);
  return existsSync(full) ? (JSON.parse(readFileSync(full, "utf8")) as T) : null;
}

function table(header: string[], rows: Array<Array<string | number | null>>): string {
  const line = (cells: Array<string | number | null>) =>
    `| ${cells.map((cell) => (cell === null ? "–" : String(cell))).join(" | ")} |`;
  return [line(header), line(header.map(() => "---")), ...rows.map(line)].join("\n");
}

function httpTables(result: HttpBenchResult): string {
  const { settings, ratios, targets, memory, requestLog } = result;
  const met = (value: boolean) => (value ? "met" : "missed");
  return [
    `Run of ${result.startedAt.slice(0, 16).replace("T", " ")} UTC, build \`${result.buildId}\`: ${settings.rounds} rounds × ${settings.durationSeconds} s per scenario, ${settings.connections} connections; load average ${result.machine.loadAverage.join(" / ")} before, ${result.loadAverageAfter.join(" / ")} after.`,
    "",
    table(
      ["Scenario", "req/s", "p50 ms", "p99 ms", "server CPU ms/request", "database CPU ms/request"],
      result.scenarios.map((scenario) => [
        `${scenario.id}: ${scenario.label}`,
        scenario.requestsPerSecond,
        scenario.p50Ms,
        scenario.p99Ms,
        scenario.serverCpuMsPerRequest,
        scenario.databaseCpuMsPerRequest ?? "n/a",
      ]),
    ),
    "",
    table(
      ["Ratio (median of per-round ratios)", "Value", "Target"],
      [
        ["Throughput B/A", ratios.throughputBA, `≥ 0.8: ${met(targets.throughputBA.met)}`],
        ["p99 latency B/A", ratios.p99BA, `≤ 1.5: ${met(targets.p99BA.met)}`],
        ["Throughput C/A", ratios.throughputCA, ""],
        [
          "CPU per request C/B, server + database",
          ratios.totalCpuCB ?? "n/a",
          `≤ 1: ${met(targets.cNoMoreExpensiveThanB.met)}`,
        ],
        ["Server CPU per request C/B", ratios.serverCpuCB, ""],
        ["Server CPU per request B/A", ratios.serverCpuBA, ""],
        ["Database CPU per request B/A", ratios.databaseCpuBA ?? "n/a", ""],
        ["CPU per request B/A, server + database", ratios.totalCpuBA ?? "n/a", ""],
      ],
    ),
    "",
    `Per round, throughput B/A: ${ratios.perRound.map((round) => round.throughputBA).join(", ")}; p99 B/A: ${ratios.perRound.map((round) => round.p99BA).join(", ")}.`,
    "",
    `Server memory (RSS): ${memory.afterStartMiB} MiB after start, ${memory.afterRunMiB} MiB after the load, peak ${memory.peakMiB} MiB; after each run: ${result.runs
      .filter((run) => run.serverRssMiB !== null)
      .map((run) => run.serverRssMiB)
      .join(", ")} MiB.`,
    "",
    `Request log: ${requestLog.rows} rows for ${requestLog.answered} answered B requests (${requestLog.inFlightAtStop} more were in flight when runs ended), ${requestLog.lost} lost; SIGTERM under load, exit code ${result.shutdown.exitCode} after ${result.shutdown.seconds} s.`,
  ].join("\n");
}

function logsTables(result: LogsScaleResult): string {
  const [small, large] = [result.sizes[0], result.sizes.at(-1)];
  if (!small || !large) return "";
  const candidates = new Set(
    large.queries.filter((query) => query.candidate).map((query) => query.name),
  );
  const rows = (names: (name: string) => boolean) =>
    result.comparison
      .filter((row) => names(row.name))
      .map((row) => {
        const query = large.queries.find((candidate) => candidate.name === row.name);
        return [
          row.name,
          row.small,
          row.large,
          row.ratio,
          row.underTarget && row.ratioUnderTarget ? "yes" : "**no**",
          query?.plan.filter((node) => /Scan \(/.test(node)).join(", ") ?? "",
        ];
      });
  const header = [
    "Query",
    `${small.rows.toLocaleString("en")} rows (ms)`,
    `${large.rows.toLocaleString("en")} rows (ms)`,
    "Ratio",
    "Meets targets",
    `Plan at ${large.rows.toLocaleString("en")}`,
  ];
  return [
    `Run of ${result.startedAt.slice(0, 16).replace("T", " ")} UTC; server execution time, median of 7 warm runs. Generating ${large.rows.toLocaleString("en")} rows took ${large.seedSeconds} s (table ${large.tableSize}, indexes ${large.indexesSize}); load average ${large.loadAverage.join(" / ")}.`,
    "",
    "As the application runs them today:",
    "",
    table(
      header,
      rows((name) => !candidates.has(name)),
    ),
    "",
    "Candidate fixes (created in the bench database only, same data):",
    "",
    table(
      header,
      rows((name) => candidates.has(name)),
    ),
  ].join("\n");
}

function componentsTable(result: ComponentsResult): string {
  return [
    `Run of ${result.startedAt.slice(0, 16).replace("T", " ")} UTC, load average ${result.machine.loadAverage.join(" / ")}.`,
    "",
    table(
      ["Operation", "CPU µs (this process)", "Wall µs", "Database CPU µs"],
      result.measurements.map((measurement) => [
        measurement.name,
        measurement.cpuMicrosecondsPerOperation,
        measurement.wallMicrosecondsPerOperation,
        measurement.databaseCpuMicrosecondsPerOperation ?? "n/a",
      ]),
    ),
  ].join("\n");
}

export function printMarkdown(): void {
  const http = readResult<HttpBenchResult>("latest.json");
  const logs = readResult<LogsScaleResult>("logs-scale-latest.json");
  const components = readResult<ComponentsResult>("components-latest.json");
  if (http) console.log(`### HTTP\n\n${httpTables(http)}\n`);
  if (logs) console.log(`### Logs at scale\n\n${logsTables(logs)}\n`);
  if (components) console.log(`### Components\n\n${componentsTable(components)}\n`);
}
