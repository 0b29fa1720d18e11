import "server-only";
import { pruneAuditEvents } from "@/lib/services/audit/retention";
import { pruneRequestLogs } from "@/lib/services/logs/retention";
import { createExpiryReminders } from "@/lib/services/notifications/create-notifications";
import {
  NOTIFICATION_EMAIL_QUEUE,
  type NotificationEmailJob,
  queueNotificationEmails,
  sendNotificationEmail,
} from "@/lib/services/notifications/email";
import { enforceUnusedTokenPolicy } from "@/lib/services/tokens/unused-tokens";
import {
  deliverWebhook,
  dispatchDueWebhooks,
  WEBHOOK_DELIVERY_QUEUE,
  type WebhookDeliveryJob,
} from "@/lib/services/webhooks/dispatch";
import { emitTokenLifecycleWebhooks } from "@/lib/services/webhooks/token-lifecycle-events";

// The application's scheduled work, run by the job worker (lib/jobs/worker.ts) on pg-boss.
// Each job's cron is in UTC; pg-boss sends one job per due minute however many instances
// run the worker, and one worker takes it.

/** What a job may do besides its own work: queue other jobs. */
export interface JobContext {
  send(queue: string, data: object): Promise<unknown>;
}

export interface ScheduledJob {
  /** The pg-boss queue name. */
  name: string;
  /** Five-field cron expression, UTC. */
  cron: string;
  /** The work; what it returns is logged. */
  run(context: JobContext): Promise<Record<string, unknown>>;
}

/**
 * Work queued by other jobs, one job per item, not on a schedule. A throw fails the job
 * and pg-boss retries it (retryLimit, with backoff) before giving up.
 */
export interface QueuedJob {
  name: string;
  retryLimit: number;
  /** Seconds before the first retry; doubled each time. */
  retryDelaySeconds: number;
  run(data: unknown): Promise<Record<string, unknown>>;
}

/**
 * Work run every few seconds by each worker instance, not through a pg-boss schedule
 * (whose finest step is a minute): what must follow an event within seconds, such as a
 * webhook's first attempt and its first retry.
 */
export interface PolledJob {
  name: string;
  intervalMs: number;
  run(context: JobContext): Promise<Record<string, unknown>>;
}

export const POLLED_JOBS: readonly PolledJob[] = [
  {
    // Claims due webhook deliveries (first attempts and retries) and queues one job each.
    name: "webhook-dispatch",
    intervalMs: 2_000,
    run: ({ send }) =>
      dispatchDueWebhooks((job: WebhookDeliveryJob) => send(WEBHOOK_DELIVERY_QUEUE, job)),
  },
];

export const SCHEDULED_JOBS: readonly ScheduledJob[] = [
  {
    name: "token-lifecycle-webhooks",
    cron: "*/5 * * * *",
    run: () => emitTokenLifecycleWebhooks(),
  },
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
  {
    name: "token-expiry-reminders",
    cron: "5 * * * *",
    run: () => createExpiryReminders(),
  },
  {
    // Warns of, then revokes, tokens unused for the organization's policy (off by default).
    name: "unused-token-policy",
    cron: "25 * * * *",
    run: async () => ({ ...(await enforceUnusedTokenPolicy()) }),
  },
  {
    // Every minute, so an exposure's email follows the revocation within about a minute.
    name: "notification-emails",
    cron: "* * * * *",
    run: ({ send }) =>
      queueNotificationEmails((job: NotificationEmailJob) => send(NOTIFICATION_EMAIL_QUEUE, job)),
  },
];

export const QUEUED_JOBS: readonly QueuedJob[] = [
  {
    name: NOTIFICATION_EMAIL_QUEUE,
    retryLimit: 5,
    retryDelaySeconds: 60,
    run: (data) => sendNotificationEmail((data as NotificationEmailJob).notificationId),
  },
  {
    // Retries are the delivery's own (RETRY_DELAYS_MS, recorded on its row), not pg-boss's.
    name: WEBHOOK_DELIVERY_QUEUE,
    retryLimit: 0,
    retryDelaySeconds: 1,
    run: (data) => deliverWebhook((data as WebhookDeliveryJob).deliveryId),
  },
];
