// `npm run bench`: the MailShield benchmark suite (see docs/performance.md).
//
//   npm run bench                 HTTP benchmark: health (A), authenticated list (B),
//                                 invalid token (C) against the production server
//   npm run bench -- --quick      the same code path in a few seconds (CI smoke test):
//                                 fails only when something is broken, never on speed
//   npm run bench -- --logs       access-log queries at 100,000 and 10,000,000 rows
//        [--sizes 100000,10000000] [--days 90] [--no-fixes] [--keep-logs]
//   npm run bench -- --components the parts of the authenticated path, timed one by one
//   npm run bench -- --scale-out  B against one instance, and one and two behind nginx
//   npm run bench -- --live-tokens the set of live tokens at a million tokens: memory,
//        [--tokens 1000000]       build time (in memory and from api_tokens), lookups
//   npm run bench -- --markdown   the latest results as Markdown tables (for the docs)
//
// DATABASE_URL defaults to the local ms_bench database; it is migrated (and seeded when
// empty) before anything is measured.

import { DEFAULT_DATABASE_URL } from "./lib/environment";

process.env.DATABASE_URL ||= DEFAULT_DATABASE_URL;
process.env.NEXT_TELEMETRY_DISABLED = "1";

function argValue(args: string[], name: string): string | undefined {
  const index = args.indexOf(name);
  if (index >= 0) return args[index + 1];
  return args.find((arg) => arg.startsWith(`${name}=`))?.slice(name.length + 1);
}

function parseSizes(value: string | undefined): number[] {
  const sizes = (value ?? "100000,10000000").split(",").map((size) => Number(size.trim()));
  if (sizes.length === 0 || sizes.some((size) => !Number.isInteger(size) || size < 1000)) {
    throw new Error("--sizes takes a comma-separated list of row counts (each at least 1000).");
  }
  return sizes;
}

async function main(args: string[]): Promise<number> {
  if (args.includes("--markdown")) {
    const { printMarkdown } = await import("./markdown");
    printMarkdown();
    return 0;
  }
  const { prepareDatabase } = await import("./lib/environment");
  const { writeResult } = await import("./lib/results");
  await prepareDatabase();

  if (args.includes("--logs")) {
    const { printLogsScaleSummary, runLogsScale } = await import("./logs-scale");
    const result = await runLogsScale({
      sizes: parseSizes(argValue(args, "--sizes")),
      days: Number(argValue(args, "--days") ?? 90),
      fixes: !args.includes("--no-fixes"),
      keep: args.includes("--keep-logs"),
    });
    printLogsScaleSummary(result);
    console.log(`\nResults: ${writeResult("logs-scale-", result)}`);
    return 0;
  }

  if (args.includes("--components")) {
    const { runComponents } = await import("./components");
    console.log(`\nResults: ${writeResult("components-", await runComponents())}`);
    return 0;
  }

  if (args.includes("--live-tokens")) {
    const { runLiveTokens } = await import("./live-tokens");
    const tokens = Number(argValue(args, "--tokens") ?? 1_000_000);
    if (!Number.isInteger(tokens) || tokens < 1000) {
      throw new Error("--tokens takes a whole number of at least 1000.");
    }
    console.log(`\nResults: ${writeResult("live-tokens-", await runLiveTokens({ tokens }))}`);
    return 0;
  }

  if (args.includes("--scale-out")) {
    const { runScaleOut } = await import("./scale-out");
    const result = await runScaleOut();
    console.table(result.summary);
    console.log(`\nResults: ${writeResult("scale-out-", result)}`);
    return result.runs.some((run) => run.errors > 0) ? 1 : 0;
  }

  const { printHttpSummary, runHttpBench } = await import("./http");
  const quick = args.includes("--quick");
  const result = await runHttpBench({ quick });
  printHttpSummary(result);
  if (!quick) console.log(`\nResults: ${writeResult("", result)}`);
  if (result.failures.length > 0) {
    console.error(`\nBroken:\n${result.failures.map((failure) => `  - ${failure}`).join("\n")}`);
    return 1;
  }
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  },
);
