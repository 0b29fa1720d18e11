import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { reloadConfig } from "@/lib/config";
import { db } from "@/lib/db";
import { QUEUED_JOBS, SCHEDULED_JOBS } from "@/lib/jobs/scheduled-jobs";
import { type JobWorker, startJobWorker } from "@/lib/jobs/worker";
import { reportExposedTokens } from "@/lib/services/tokens/report-exposed";
import { createApiToken } from "@/test/api/helpers";
import { createTestTenant, createTestUser, uniqueSuffix } from "@/test/factories";
import { decodedMessage, startTestSmtpServer, type TestSmtpServer } from "@/test/smtp-server";
import { until } from "@/test/until";
import { NOTIFICATION_EMAIL_QUEUE, queueNotificationEmails, sendNotificationEmail } from "./email";

// A real SMTP server on a free port (test/smtp-server.ts); every message it accepts is kept.

let smtp: TestSmtpServer;
const schema = `pgboss_test_${uniqueSuffix().replace(/-/g, "")}`;
const workers: JobWorker[] = [];
const emailQueue = QUEUED_JOBS.find((job) => job.name === NOTIFICATION_EMAIL_QUEUE)!;

/** The notification-email jobs in `state`, with the seconds until each may start. */
function emailJobs(state: string) {
  return db.$queryRawUnsafe<{ secondsUntilStart: number }[]>(
    `SELECT extract(epoch FROM start_after - now())::float8 AS "secondsUntilStart"
       FROM ${schema}.job WHERE name = $1 AND state = $2::${schema}.job_state`,
    NOTIFICATION_EMAIL_QUEUE,
    state,
  );
}

beforeAll(async () => {
  smtp = await startTestSmtpServer();
});

afterEach(() => {
  delete process.env.SMTP_URL;
  reloadConfig();
  smtp.received.length = 0;
});

afterAll(async () => {
  await Promise.all(workers.map((worker) => worker.stop()));
  await db.$executeRawUnsafe(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await smtp.close();
  await db.$disconnect();
});

function useSmtp(url: string | undefined) {
  if (url) process.env.SMTP_URL = url;
  else delete process.env.SMTP_URL;
  reloadConfig();
}

/** The organization's owner and admin are told of an exposed token, which is returned. */
async function exposedToken() {
  const { organization, user: owner } = await createTestTenant({ plan: "PRO" });
  const { user: admin } = await createTestUser({ organizationId: organization.id, role: "ADMIN" });
  const created = await createApiToken({ organizationId: organization.id, name: "Deploy bot" });
  await reportExposedTokens(
    [{ token: created.token, exposure: { url: null, source: null } }],
    null,
  );
  return { owner, admin, ...created };
}

/** Runs the notification-emails job with a queue that sends each email at once. */
async function runEmailJobs() {
  const results: boolean[] = [];
  await queueNotificationEmails(async ({ notificationId }) => {
    results.push((await sendNotificationEmail(notificationId)).sent);
  });
  return results;
}

describe("notification emails", () => {
  it("emails each owner and admin once, without token material", async () => {
    useSmtp(smtp.url);
    // The database outlives test runs: send what an earlier run left pending first.
    await runEmailJobs();
    smtp.received.length = 0;
    const { owner, admin, token, row } = await exposedToken();

    expect(await runEmailJobs()).toEqual([true, true]);
    expect(smtp.received.flatMap((message) => message.to).sort()).toEqual(
      [owner.email, admin.email].sort(),
    );
    for (const message of smtp.received) {
      const text = decodedMessage(message.raw);
      expect(text).toContain(
        "Subject: MailShield: API token “Deploy bot” was found exposed in public and revoked",
      );
      expect(text).toContain(`To: ${message.to[0]}`);
      expect(text).not.toContain(token);
      expect(text).not.toContain(row.tokenHash);
      expect(text).not.toContain(row.lastFour);
    }

    // Queued again, or a job retried after it succeeded: nothing more is sent.
    expect(await runEmailJobs()).toEqual([]);
    const notifications = await db.notification.findMany({ where: { tokenId: row.id } });
    for (const { id } of notifications) {
      expect(await sendNotificationEmail(id)).toEqual({ sent: false });
    }
    expect(smtp.received).toHaveLength(2);
  });

  it("links to the API Tokens page on the configured public URL", async () => {
    process.env.NEXTAUTH_URL = "https://app.example.test";
    useSmtp(smtp.url);
    try {
      await runEmailJobs();
      smtp.received.length = 0;
      await exposedToken();
      await runEmailJobs();
      expect(smtp.received).toHaveLength(2);
      for (const message of smtp.received) {
        expect(decodedMessage(message.raw)).toContain(
          "\nhttps://app.example.test/settings/api-tokens",
        );
      }
    } finally {
      delete process.env.NEXTAUTH_URL;
    }
  });

  it("fails the job while the SMTP server is down, and sends on the retry", async () => {
    useSmtp("smtp://127.0.0.1:9");
    const { row } = await exposedToken();
    const notifications = await db.notification.findMany({ where: { tokenId: row.id } });
    const first = notifications[0];
    if (!first) throw new Error("no notification");

    await expect(sendNotificationEmail(first.id)).rejects.toThrow();
    useSmtp(smtp.url);
    expect(await sendNotificationEmail(first.id)).toEqual({ sent: true });
    expect(smtp.received).toHaveLength(1);
  });

  it("sends nothing when SMTP_URL is not set", async () => {
    useSmtp(undefined);
    const { row } = await exposedToken();
    const notifications = await db.notification.findMany({ where: { tokenId: row.id } });
    expect(notifications).toHaveLength(2);
    expect(notifications.every((notification) => !notification.emailPending)).toBe(true);
    for (const { id } of notifications) {
      expect(await sendNotificationEmail(id)).toEqual({ sent: false });
    }
    expect(smtp.received).toEqual([]);
  });

  it("sends through the job queue, one job per email, retrying a refused one", async () => {
    useSmtp(smtp.url);
    await runEmailJobs();
    smtp.received.length = 0;
    const dispatcher = SCHEDULED_JOBS.find((job) => job.name === "notification-emails");
    if (!dispatcher) throw new Error("notification-emails is not scheduled");
    for (let i = 0; i < 2; i += 1) {
      workers.push(
        await startJobWorker({
          jobs: [dispatcher],
          schema,
          // The dispatcher is sent below instead of waiting for pg-boss's minute.
          runSchedules: false,
          pollingIntervalSeconds: 0.5,
        }),
      );
    }
    const [first] = workers;
    if (!first) throw new Error("no worker");
    smtp.refuseNext = 1;
    const { owner, admin } = await exposedToken();

    await first.send(dispatcher.name);
    // Each step takes one polling interval (0.5 s): one email sent, the refused one's job
    // waiting for its retry, QUEUED_JOBS's delay away on the database's clock.
    await until(async () => smtp.received.length === 1 && (await emailJobs("retry")).length === 1);
    const [retry] = await emailJobs("retry");
    expect(retry?.secondsUntilStart).toBeGreaterThan(emailQueue.retryDelaySeconds - 5);
    // The retry comes due (the database's clock cannot be moved; the job's start can).
    await db.$executeRawUnsafe(
      `UPDATE ${schema}.job SET start_after = now() WHERE name = $1 AND state = 'retry'`,
      NOTIFICATION_EMAIL_QUEUE,
    );
    await until(() => smtp.received.length === 2);
    expect(smtp.refuseNext).toBe(0);
    expect(smtp.received.flatMap((message) => message.to).sort()).toEqual(
      [owner.email, admin.email].sort(),
    );
  });
});
