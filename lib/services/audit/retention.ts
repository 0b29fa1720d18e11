import "server-only";
import { clock } from "@/lib/clock";
import { config } from "@/lib/config";
import { deleteAuditEventsBefore } from "@/lib/sql";

// Audit-event retention: the only deletion of audit events, run daily by the job worker
// (lib/jobs). Batches keep each transaction, and the row locks it holds, short.

export const DEFAULT_AUDIT_PRUNE_BATCH_SIZE = 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

/** Deletes the audit events created before now − retentionDays (AUDIT_RETENTION_DAYS). */
export async function pruneAuditEvents(
  options: { retentionDays?: number; batchSize?: number; now?: Date } = {},
): Promise<{ cutoff: Date; deleted: number }> {
  const retentionDays = options.retentionDays ?? config().AUDIT_RETENTION_DAYS;
  const batchSize = options.batchSize ?? DEFAULT_AUDIT_PRUNE_BATCH_SIZE;
  const cutoff = new Date((options.now ?? clock.now()).getTime() - retentionDays * DAY_MS);
  let deleted = 0;
  for (;;) {
    const count = await deleteAuditEventsBefore(cutoff, batchSize);
    deleted += count;
    if (count < batchSize) return { cutoff, deleted };
  }
}
