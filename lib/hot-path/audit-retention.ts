import "server-only";
import { db } from "@/lib/db";

// The one deletion of audit events the application makes. Not measured: it is here
// because the table's append-only trigger (migration 20261129214840_audit_log) lets a
// DELETE through only inside a transaction that set `mailshield.audit_retention`, and
// Prisma has no call for SET LOCAL. The setting ends with the transaction, so nothing
// else on the connection can delete afterwards.

/**
 * Deletes up to `batchSize` audit events created before `cutoff`, oldest first, in one
 * short transaction; returns how many. The created_at index serves the inner select.
 */
export async function deleteAuditEventsBefore(cutoff: Date, batchSize: number): Promise<number> {
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT set_config('mailshield.audit_retention', 'on', true)`;
    return tx.$executeRaw`
      DELETE FROM audit_events
       WHERE id IN (SELECT id FROM audit_events
                     WHERE created_at < ${cutoff}
                     ORDER BY created_at
                     LIMIT ${batchSize})`;
  });
}
