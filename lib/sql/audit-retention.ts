import "server-only";
import { db } from "@/lib/db";

// The one deletion of audit events the application makes. Not measured: it is here
// because the table's append-only trigger lets a DELETE through only from the retention
// role, which a session takes on only inside `audit_retention_delete` (migration
// 20261207150000_audit_retention_role), and Prisma has no call for a function.

/**
 * Deletes up to `batchSize` audit events created before `cutoff` (and never one younger
 * than a day: the function keeps those), oldest first; returns how many. The created_at
 * index serves the function's inner select.
 */
export async function deleteAuditEventsBefore(cutoff: Date, batchSize: number): Promise<number> {
  const [row] = await db.$queryRaw<{ deleted: number }[]>`
    SELECT audit_retention_delete(${cutoff}::timestamptz, ${batchSize}::integer) AS deleted`;
  return row?.deleted ?? 0;
}
