import "server-only";
import { dbPool } from "@/lib/db";

// The job queue's (pg-boss) access to the database. Not measured: it is here because
// pg-boss writes its own SQL, and it runs that SQL on the application's pool rather than
// a pool of its own, since the embedded database accepts a single connection.

/** pg-boss's `db` option: runs one of its statements on the shared pool. */
export const jobQueueDatabase = {
  async executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }> {
    const result = await dbPool.query(text, values);
    return { rows: result.rows };
  },
};
