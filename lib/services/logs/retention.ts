import "server-only";
import { config } from "@/lib/config";
import { db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";

// Request-log retention. Old rows are deleted in small batches, each its own short
// transaction: a DELETE takes only row locks (ROW EXCLUSIVE on the table, which does not
// block reads or the request logger's inserts), and a bounded batch keeps every lock
// short and the WAL spread out. Revoked tokens' rows age out like any other.

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
  const cutoff = new Date((options.now ?? new Date()).getTime() - retentionDays * DAY_MS);

  const organizationIds =
    options.organizationIds ??
    (await db.organization.findMany({ select: { id: true } })).map((org) => org.id);

  let deleted = 0;
  let batches = 0;
  for (const organizationId of organizationIds) {
    // Each batch continues below the oldest row the previous one deleted, so the index
    // walk never revisits the dead entries earlier batches left behind.
    let bound: { createdAt: Date; id: string } = { createdAt: cutoff, id: "0" };
    for (;;) {
      const [batch] = await db.$queryRaw<
        { count: number; createdAt: Date; id: bigint }[]
      >(Prisma.sql`
        WITH batch AS (
          SELECT id FROM api_request_logs
          WHERE organization_id = ${organizationId}::uuid
            AND (created_at, id) < (${bound.createdAt.toISOString()}::timestamptz, ${bound.id}::bigint)
          ORDER BY created_at DESC, id DESC
          LIMIT ${batchSize}
        ), deleted AS (
          DELETE FROM api_request_logs WHERE id IN (SELECT id FROM batch)
          RETURNING id, created_at
        )
        SELECT (SELECT count(*) FROM deleted)::int AS count, oldest.created_at AS "createdAt", oldest.id
        FROM (SELECT created_at, id FROM deleted ORDER BY created_at, id LIMIT 1) oldest`);
      if (!batch) break;
      deleted += batch.count;
      batches += 1;
      options.onBatch?.(batch.count, deleted);
      if (batch.count < batchSize) break;
      bound = { createdAt: batch.createdAt, id: batch.id.toString() };
    }
    // The daily roll-up loses whole UTC days before the cutoff; the cutoff's own day stays
    // until all of it is outside the retention window. At most days x tokens x IPs rows.
    await db.$executeRaw(Prisma.sql`
      DELETE FROM api_request_log_daily
      WHERE organization_id = ${organizationId}::uuid
        AND day < ${cutoff.toISOString().slice(0, 10)}::date`);
  }
  return { cutoff, deleted, batches };
}
