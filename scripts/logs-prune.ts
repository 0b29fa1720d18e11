// `npm run logs:prune`: deletes API request logs older than LOG_RETENTION_DAYS
// (default 90) in bounded batches. Safe to run while the app serves traffic; meant for
// a daily cron job.
import { config } from "@/lib/config";
import { db } from "@/lib/db";
import { pruneRequestLogs } from "@/lib/services/logs/retention";

async function main(): Promise<void> {
  const retentionDays = config().LOG_RETENTION_DAYS;
  const started = Date.now();
  console.log(`Pruning API request logs older than ${retentionDays} days…`);
  const result = await pruneRequestLogs({
    retentionDays,
    onBatch: (_count, total) => console.log(`  deleted ${total} rows so far`),
  });
  console.log(
    `Deleted ${result.deleted} rows created before ${result.cutoff.toISOString()} in ${result.batches} batches (${Date.now() - started} ms).`,
  );
}

main()
  .catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  })
  .finally(() => db.$disconnect());
