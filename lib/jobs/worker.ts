import "server-only";
import PgBoss from "pg-boss";
import { logger } from "@/lib/logger";
import { jobQueueDatabase } from "@/lib/sql";
import {
  POLLED_JOBS,
  type PolledJob,
  QUEUED_JOBS,
  type QueuedJob,
  SCHEDULED_JOBS,
  type ScheduledJob,
} from "./scheduled-jobs";

// The job worker: pg-boss on the application's own database (its tables live in the
// `pgboss` schema, created and migrated by pg-boss on start). `npm start` runs it inside
// the app server (instrumentation-node.ts) unless JOBS_WORKER=off; `npm run worker` runs it
// alone. Any number of instances may run it: pg-boss's schedule sends each due job once
// (a per-minute singleton) and a job is fetched by one worker (SKIP LOCKED).

export interface JobWorkerOptions {
  jobs?: readonly ScheduledJob[];
  queuedJobs?: readonly QueuedJob[];
  /** Run every few seconds while the worker runs, only when runSchedules is not false. */
  polledJobs?: readonly PolledJob[];
  /** pg-boss schema; tests use their own. */
  schema?: string;
  /**
   * false: register the schedules but never send their jobs. pg-boss sends a due job on the
   * database's clock at most once a minute, which no test can move; tests send jobs
   * themselves (JobWorker.send) and run the jobs' work on the application's clock.
   */
  runSchedules?: boolean;
  /** Seconds between checks of each queue (pg-boss's default: 2). */
  pollingIntervalSeconds?: number;
}

export interface RegisteredSchedule {
  name: string;
  cron: string;
  timezone: string;
}

export interface JobWorker {
  /** Queues a job now, as a schedule or another job would. */
  send(queue: string, data?: object): Promise<string | null>;
  /** The schedules registered in the database, by name. */
  schedules(): Promise<RegisteredSchedule[]>;
  stop(): Promise<void>;
}

export async function startJobWorker(options: JobWorkerOptions = {}): Promise<JobWorker> {
  const log = logger().child({ component: "jobs" });
  const jobs = options.jobs ?? SCHEDULED_JOBS;
  const queuedJobs = options.queuedJobs ?? QUEUED_JOBS;
  const boss = new PgBoss({
    // The app's pool, not one of pg-boss's own: the embedded database takes one connection.
    db: jobQueueDatabase,
    schema: options.schema ?? "pgboss",
    schedule: options.runSchedules ?? true,
  });
  // pg-boss refuses a key that is present but undefined, so only a given interval is passed.
  const workOptions = options.pollingIntervalSeconds
    ? { pollingIntervalSeconds: options.pollingIntervalSeconds }
    : {};
  boss.on("error", (error) => log.error({ error }, "job queue error"));
  await boss.start();
  const runLogged = async (
    name: string,
    jobId: string | undefined,
    work: () => Promise<object>,
  ) => {
    // A duration, not a moment: measured on the monotonic timer, not the clock.
    const started = performance.now();
    try {
      const result = await work();
      log.info(
        { job: name, jobId, ms: Math.round(performance.now() - started), ...result },
        "job done",
      );
    } catch (error) {
      // Rethrown so pg-boss records the failure (and retries per its policy).
      log.error({ job: name, jobId, error }, "job failed");
      throw error;
    }
  };
  const context = { send: (queue: string, data: object) => boss.send(queue, data) };
  for (const job of jobs) {
    await boss.createQueue(job.name);
    await boss.schedule(job.name, job.cron, {}, { tz: "UTC" });
    await boss.work(job.name, workOptions, ([pgJob]) =>
      runLogged(job.name, pgJob?.id, () => job.run(context)),
    );
  }
  for (const job of queuedJobs) {
    await boss.createQueue(job.name, {
      name: job.name,
      retryLimit: job.retryLimit,
      retryDelay: job.retryDelaySeconds,
      retryBackoff: true,
    });
    await boss.work(job.name, workOptions, ([pgJob]) =>
      runLogged(job.name, pgJob?.id, () => job.run(pgJob?.data)),
    );
  }
  // Polled jobs: a timer per job, never two runs of one at once; tests run them themselves.
  const timers: NodeJS.Timeout[] = [];
  if (options.runSchedules ?? true) {
    for (const job of options.polledJobs ?? POLLED_JOBS) {
      let running = false;
      const timer = setInterval(() => {
        if (running) return;
        running = true;
        job
          .run(context)
          .then((result) => {
            if (Object.values(result).some((value) => value !== 0)) {
              log.debug({ job: job.name, ...result }, "job done");
            }
          })
          .catch((error) => log.error({ job: job.name, error }, "job failed"))
          .finally(() => {
            running = false;
          });
      }, job.intervalMs);
      timer.unref();
      timers.push(timer);
    }
  }
  log.info({ jobs: [...jobs, ...queuedJobs].map((job) => job.name) }, "job worker started");
  return {
    send: (queue, data = {}) => boss.send(queue, data),
    schedules: async () =>
      // The rows carry the timezone column that pg-boss's types leave out.
      ((await boss.getSchedules()) as (PgBoss.Schedule & { timezone: string })[])
        .map(({ name, cron, timezone }) => ({ name, cron, timezone }))
        .sort((a, b) => a.name.localeCompare(b.name)),
    // Waits for running jobs; the database pool is the app's and stays open.
    stop: () => {
      for (const timer of timers) clearInterval(timer);
      return boss.stop({ graceful: true, wait: true, close: false });
    },
  };
}
