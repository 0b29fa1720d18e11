import "server-only";
import { pruneAuditEvents } from "@/lib/services/audit/retention";
import { pruneRequestLogs } from "@/lib/services/logs/retention";

// The application's scheduled work, run by the job worker (lib/jobs/worker.ts) on pg-boss.
// Each job's cron is in UTC; pg-boss sends one job per due minute however many instances
// run the worker, and one worker takes it.

export interface ScheduledJob {
  /** The pg-boss queue name. */
  name: string;
  /** Five-field cron expression, UTC. */
  cron: string;
  /** The work; what it returns is logged. */
  run(): Promise<Record<string, unknown>>;
}

export const SCHEDULED_JOBS: readonly ScheduledJob[] = [
  {
    name: "audit-retention",
    cron: "15 3 * * *",
    run: async () => {
      const { cutoff, deleted } = await pruneAuditEvents();
      return { cutoff: cutoff.toISOString(), deleted };
    },
  },
  {
    name: "access-log-retention",
    cron: "45 3 * * *",
    run: async () => {
      const { cutoff, deleted, batches } = await pruneRequestLogs();
      return { cutoff: cutoff.toISOString(), deleted, batches };
    },
  },
];
