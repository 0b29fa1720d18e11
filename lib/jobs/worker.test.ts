import { afterAll, describe, expect, it } from "vitest";
import { clock } from "@/lib/clock";
import { db } from "@/lib/db";
import { createApiToken } from "@/test/api/helpers";
import { holdClock } from "@/test/clock";
import { createTestTenant, createTestUser, uniqueSuffix } from "@/test/factories";
import { until } from "@/test/until";
import { type JobContext, SCHEDULED_JOBS } from "./scheduled-jobs";
import { type JobWorker, startJobWorker } from "./worker";

// Two app instances each run the job worker on one database. pg-boss sends a due job once
// per minute however many instances run it, on the database's clock; no test waits for
// that minute. These tests prove what is ours: every job is registered on its schedule, a
// job sent while two workers listen runs once, and the jobs' work, run on a moved clock,
// has its effect once however often it runs.

const DAY_MS = 24 * 60 * 60 * 1000;
const schema = `pgboss_test_${uniqueSuffix().replace(/-/g, "")}`;
const workers: JobWorker[] = [];

afterAll(async () => {
  await Promise.all(workers.map((worker) => worker.stop()));
  await db.$executeRawUnsafe(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await db.$disconnect();
});

async function twoWorkers(jobs = SCHEDULED_JOBS): Promise<[JobWorker, JobWorker]> {
  const started: JobWorker[] = [];
  for (let i = 0; i < 2; i += 1) {
    started.push(
      await startJobWorker({ jobs, schema, runSchedules: false, pollingIntervalSeconds: 0.5 }),
    );
  }
  workers.push(...started);
  return started as [JobWorker, JobWorker];
}

/** The jobs of `queue` that pg-boss has marked completed (it never hands those out again). */
async function completedJobs(queue: string): Promise<number> {
  const [row] = await db.$queryRawUnsafe<{ count: bigint }[]>(
    `SELECT count(*) FROM ${schema}.job WHERE name = $1 AND state = 'completed'`,
    queue,
  );
  return Number(row?.count ?? 0);
}

const noQueue: JobContext = { send: () => Promise.resolve(null) };

describe("the job worker", () => {
  it("registers every scheduled job on its cron in UTC, once with two workers", async () => {
    const [first] = await twoWorkers();
    expect(await first.schedules()).toEqual(
      SCHEDULED_JOBS.map(({ name, cron }) => ({ name, cron, timezone: "UTC" })).sort((a, b) =>
        a.name.localeCompare(b.name),
      ),
    );
  });

  it("runs a job sent while two workers listen once", async () => {
    const runs: string[] = [];
    const job = {
      name: "test-sent-once",
      cron: "0 0 1 1 *",
      run: async () => {
        runs.push(clock.now().toISOString());
        return {};
      },
    };
    const [first] = await twoWorkers([job]);
    await first.send(job.name);
    // Picked up within one polling interval (0.5 s), then completed.
    await until(async () => (await completedJobs(job.name)) === 1);
    expect(runs).toHaveLength(1);
  });
});

describe("the token-expiry-reminders job", () => {
  const job = SCHEDULED_JOBS.find((scheduled) => scheduled.name === "token-expiry-reminders");
  if (!job) throw new Error("token-expiry-reminders is not scheduled");

  it("reminds each owner and admin once per threshold, however often and at once it runs", async () => {
    const held = holdClock();
    const { organization, user: owner } = await createTestTenant();
    const { user: admin } = await createTestUser({
      organizationId: organization.id,
      role: "ADMIN",
    });
    await createTestUser({ organizationId: organization.id, role: "MEMBER" });
    const { row } = await createApiToken({
      organizationId: organization.id,
      expiresAt: new Date(held.now().getTime() + 3 * DAY_MS),
    });
    const reminders = async () =>
      (
        await db.notification.findMany({
          where: { tokenId: row.id },
          select: { userId: true, thresholdDays: true },
        })
      ).sort((a, b) => a.thresholdDays - b.thresholdDays || a.userId.localeCompare(b.userId));
    const expected = (thresholdDays: number) =>
      [owner.id, admin.id].sort().map((userId) => ({ userId, thresholdDays }));

    // Two instances running it at the same moment, then again an hour later.
    await Promise.all([job.run(noQueue), job.run(noQueue)]);
    held.advance(60 * 60 * 1000);
    await job.run(noQueue);
    expect(await reminders()).toEqual(expected(7));

    // Twelve hours before the expiry: the 1-day reminder, once.
    held.set(new Date(row.expiresAt!.getTime() - DAY_MS / 2));
    await Promise.all([job.run(noQueue), job.run(noQueue)]);
    expect(await reminders()).toEqual([...expected(1), ...expected(7)]);

    // Sent through the queue with two workers listening: nothing more.
    const [first] = await twoWorkers([job]);
    await first.send(job.name);
    await until(async () => (await completedJobs(job.name)) === 1);
    expect(await reminders()).toEqual([...expected(1), ...expected(7)]);
  });
});
