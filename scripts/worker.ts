// `npm run worker`: the job worker alone (audit and access-log retention), for deployments
// that run the app servers with JOBS_WORKER=off. Stops on SIGINT/SIGTERM after the running
// job finishes.
import { assertReadyToWork, config } from "@/lib/config";
import { db } from "@/lib/db";
import { startJobWorker } from "@/lib/jobs/worker";
import { logger } from "@/lib/logger";

async function main(): Promise<void> {
  assertReadyToWork(config());
  const worker = await startJobWorker();
  const stop = async (signal: string) => {
    logger().info({ signal }, "job worker stopping");
    await worker.stop();
    await db.$disconnect();
    process.exit(0);
  };
  process.once("SIGINT", () => void stop("SIGINT"));
  process.once("SIGTERM", () => void stop("SIGTERM"));
}

main().catch((error: unknown) => {
  logger().fatal({ error }, "job worker failed to start");
  process.exit(1);
});
