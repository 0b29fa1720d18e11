import "server-only";
import { clock } from "@/lib/clock";
import { config } from "@/lib/config";
import { db } from "@/lib/db";

// Request-log retention. Old rows are deleted in small batches, each its own short
// transaction: a DELETE takes only row locks (ROW EXCLUSIVE on the table, which does not
// block reads or the request logger's inserts), and a bounded batch keeps every lock
// short and the WAL spread out. Revoked tokens' rows age out like any other. This is
// background work, not the request path, so it goes through Prisma: a batch is read
// through the index, then deleted by id.

export const DEFAULT_PRUNE_BATCH_SIZE = 5000;
const DAY_MS = 24 * 60 * 60 * 1000;

export type PruneResult = { cutoff: Date; deleted: number; batches: number };

/**
 * Deletes log rows created before now − retentionDays. Batches are picked per
 * organization through the (organization_id, created_at DESC, id DESC) index, so each
 * batch reads only the rows it deletes.
 */
export async function pruneRequestLogs(
  options: {
    retentionDays?: number;
    batchSize?: number;
    now?: Date;
    /** Limits pruning to some organizations (tests); all organizations by default. */
    organizationIds?: string[];
    onBatch?: (deleted: number, total: number) => void;
  } = {},
): Promise<PruneResult> {
  const retentionDays = options.retentionDays ?? config().LOG_RETENTION_DAYS;
  const batchSize = options.batchSize ?? DEFAULT_PRUNE_BATCH_SIZE;
  const cutoff = new Date((options.now ?? clock.now()).getTime() - retentionDays * DAY_MS);

  const organizationIds =
    options.organizationIds ??
    (await db.organization.findMany({ select: { id: true } })).map((org) => org.id);

  let deleted = 0;
  let batches = 0;
  for (const organizationId of organizationIds) {
    // Each batch continues below the oldest row the previous one deleted, so the index
    // walk never revisits the dead entries earlier batches left behind.
    let bound: { createdAt: Date; id: bigint } = { createdAt: cutoff, id: 0n };
    for (;;) {
      const batch = await db.apiRequestLog.findMany({
        where: {
          organizationId,
          // The plain bound lets the index walk start at the bound (an index condition);
          // the OR alone would be a filter on a walk from the organization's newest row.
          createdAt: { lte: bound.createdAt },
          OR: [
            { createdAt: { lt: bound.createdAt } },
            { createdAt: bound.createdAt, id: { lt: bound.id } },
          ],
        },
        orderBy: [{ createdAt: "desc" }, { id: "desc" }],
        take: batchSize,
        select: { id: true, createdAt: true },
      });
      if (batch.length === 0) break;
      const { count } = await db.apiRequestLog.deleteMany({
        where: { id: { in: batch.map((row) => row.id) } },
      });
      deleted += count;
      batches += 1;
      options.onBatch?.(count, deleted);
      if (batch.length < batchSize) break;
      bound = batch.at(-1)!;
    }
    // The daily roll-up loses whole UTC days before the cutoff; the cutoff's own day stays
    // until all of it is outside the retention window. At most days x tokens x IPs rows.
    await db.apiRequestLogDaily.deleteMany({
      where: { organizationId, day: { lt: new Date(cutoff.toISOString().slice(0, 10)) } },
    });
  }
  return { cutoff, deleted, batches };
}
