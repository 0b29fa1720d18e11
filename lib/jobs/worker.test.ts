import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { createApiToken } from "@/test/api/helpers";
import { createTestTenant, createTestUser, uniqueSuffix } from "@/test/factories";
import { SCHEDULED_JOBS } from "./scheduled-jobs";
import { type JobWorker, startJobWorker } from "./worker";

// Two app instances each run the job worker on one database. A job due every minute
// must run once per minute, not once per instance; the expiry reminders it runs are
// created once however often it runs.

const schema = `pgboss_test_${uniqueSuffix().replace(/-/g, "")}`;
const workers: JobWorker[] = [];

afterAll(async () => {
  await Promise.all(workers.map((worker) => worker.stop()));
  await db.$executeRawUnsafe(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await db.$disconnect();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("the job worker", () => {
  it("runs a scheduled job once even with two workers on one database", async () => {
    // Both runs must fall in one minute: a job due every minute legitimately runs again
    // in the next one.
    const second = new Date().getUTCSeconds();
    if (second > 40) await sleep((61 - second) * 1000);

    const runs: string[] = [];
    const job = {
      name: "test-every-minute",
      cron: "* * * * *",
      run: async () => {
        runs.push(new Date().toISOString());
        return {};
      },
    };
    for (let i = 0; i < 2; i += 1) {
      workers.push(
        await startJobWorker({
          jobs: [job],
          schema,
          cronMonitorIntervalSeconds: 1,
          pollingIntervalSeconds: 0.5,
        }),
      );
    }
    const deadline = Date.now() + 10_000;
    while (runs.length === 0 && Date.now() < deadline) await sleep(200);
    expect(runs).toHaveLength(1);
    // Both instances keep checking the schedule every second; neither sends it again.
    await sleep(5_000);
    expect(runs).toHaveLength(1);
  }, 60_000);
});

describe("the token-expiry-reminders job", () => {
  it("reminds each owner and admin once with two workers running it", async () => {
    const job = SCHEDULED_JOBS.find((scheduled) => scheduled.name === "token-expiry-reminders");
    if (!job) throw new Error("token-expiry-reminders is not scheduled");
    const { organization, user: owner } = await createTestTenant();
    const { user: admin } = await createTestUser({
      organizationId: organization.id,
      role: "ADMIN",
    });
    await createTestUser({ organizationId: organization.id, role: "MEMBER" });
    const { row } = await createApiToken({
      organizationId: organization.id,
      expiresAt: new Date(Date.now() + 3 * 24 * 60 * 60 * 1000),
    });

    for (let i = 0; i < 2; i += 1) {
      workers.push(
        await startJobWorker({
          jobs: [{ ...job, cron: "* * * * *" }],
          schema,
          cronMonitorIntervalSeconds: 1,
          pollingIntervalSeconds: 0.5,
        }),
      );
    }
    const reminders = () =>
      db.notification.findMany({
        where: { tokenId: row.id },
        select: { userId: true, thresholdDays: true },
      });
    const deadline = Date.now() + 75_000;
    while ((await reminders()).length === 0 && Date.now() < deadline) await sleep(500);
    // Let both workers keep checking the schedule, and a second run happen if any.
    await sleep(3_000);
    expect((await reminders()).sort((a, b) => a.userId.localeCompare(b.userId))).toEqual(
      [owner.id, admin.id].sort().map((userId) => ({ userId, thresholdDays: 7 })),
    );
  }, 120_000);
});
