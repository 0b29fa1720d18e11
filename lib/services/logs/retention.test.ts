import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { createTestOrganization } from "@/test/factories";
import { pruneRequestLogs } from "./retention";
import { createLogTestToken, insertLogRows } from "./test-fixtures";

// Rows are dated relative to the real clock: a fixed date would age into the range that
// any retention or pruning run at the real time deletes.
const now = new Date();
const daysAgo = (days: number) => new Date(now.getTime() - days * 24 * 60 * 60 * 1000);

describe("pruneRequestLogs", () => {
  it("deletes rows older than the retention period in bounded batches, revoked tokens included", async () => {
    const organizationId = (await createTestOrganization()).id;
    const bystanderId = (await createTestOrganization()).id;
    const active = await createLogTestToken(organizationId);
    const revoked = await createLogTestToken(organizationId, { revokedAt: daysAgo(95) });
    const bystander = await createLogTestToken(bystanderId);

    const oldActive = Array.from({ length: 5 }, (_, index) => ({
      createdAt: daysAgo(120 - index),
    }));
    await insertLogRows(active, [
      ...oldActive,
      { createdAt: daysAgo(89) },
      { createdAt: daysAgo(1) },
    ]);
    await insertLogRows(revoked, [{ createdAt: daysAgo(100) }, { createdAt: daysAgo(30) }]);
    await insertLogRows(bystander, [{ createdAt: daysAgo(200) }]);

    const batchSizes: number[] = [];
    const result = await pruneRequestLogs({
      retentionDays: 90,
      batchSize: 2,
      now,
      organizationIds: [organizationId],
      onBatch: (count) => batchSizes.push(count),
    });

    expect(result.deleted).toBe(6);
    expect(result.cutoff).toEqual(daysAgo(90));
    expect(batchSizes).toEqual([2, 2, 2]);
    expect(batchSizes.every((size) => size <= 2)).toBe(true);

    const remaining = await db.apiRequestLog.findMany({
      where: { organizationId },
      select: { createdAt: true, tokenId: true },
      orderBy: { createdAt: "asc" },
    });
    expect(remaining.map((row) => row.createdAt)).toEqual([daysAgo(89), daysAgo(30), daysAgo(1)]);
    expect(remaining.some((row) => row.tokenId === revoked.id)).toBe(true);
    // Organizations outside the run are untouched.
    expect(await db.apiRequestLog.count({ where: { organizationId: bystanderId } })).toBe(1);

    const again = await pruneRequestLogs({
      retentionDays: 90,
      now,
      organizationIds: [organizationId],
    });
    expect(again.deleted).toBe(0);
  });
});
