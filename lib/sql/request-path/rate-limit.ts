import "server-only";
import type pg from "pg";
import { preparedQuery } from "./prepared";

// The statements of the PostgreSQL rate-limit store (lib/rate-limit/postgres-store.ts).
// They run on the pool the store is given, never through Prisma: the store takes a
// `query` function so that tests and other instances can hand it their own pool.
//
// - increment: the per-second sync of the API's per-token and per-IP counts, measured as
//   part of the request path (docs/performance.md, "Named prepared statements": the sync
//   runs named).
// - reserve/release: the sign-in and sign-up limits, one per attempt on the same rows and
//   the same connection as the increment; release undoes a reservation.
// - peek/reset/prune: not measured; they stay here because they share the store's pool
//   and table with the statements above, so the store speaks to one connection type.
type Queryable = Pick<pg.Pool, "query">;

// One statement per batch: a key whose stored window is older than the current one starts
// again from the increment, otherwise the increment is added. ON CONFLICT makes concurrent
// instances serialize on the row, so no hit is lost and no read-modify-write race exists.
// A stored window newer than ours (an instance whose clock runs ahead) keeps its start.
const INCREMENT_SQL = `
INSERT INTO rate_limit_buckets AS bucket (key, count, window_start)
SELECT key, by, $3::timestamptz
FROM unnest($1::text[], $2::int[]) AS increment(key, by)
ON CONFLICT (key) DO UPDATE SET
  count = CASE WHEN bucket.window_start >= EXCLUDED.window_start
               THEN bucket.count + EXCLUDED.count
               ELSE EXCLUDED.count END,
  window_start = GREATEST(bucket.window_start, EXCLUDED.window_start)
RETURNING key, count, window_start`;

// The same upsert for one key, which only adds while the current window's count is below
// the limit ($3). A refused reservation updates nothing and returns no row. The row lock
// taken by ON CONFLICT makes concurrent reservations of one key take turns, each seeing
// the count the previous one left.
const RESERVE_SQL = `
INSERT INTO rate_limit_buckets AS bucket (key, count, window_start)
VALUES ($1, 1, $2::timestamptz)
ON CONFLICT (key) DO UPDATE SET
  count = CASE WHEN bucket.window_start >= EXCLUDED.window_start
               THEN bucket.count + 1
               ELSE 1 END,
  window_start = GREATEST(bucket.window_start, EXCLUDED.window_start)
WHERE bucket.window_start < EXCLUDED.window_start OR bucket.count < $3
RETURNING count, window_start`;

const RELEASE_SQL = `
UPDATE rate_limit_buckets SET count = count - 1
WHERE key = $1 AND window_start = $2 AND count > 0`;

/** A bucket's count and the start of the window it counts. */
export interface BucketRow {
  count: number;
  window_start: Date;
}

/** Adds `by[i]` to bucket `keys[i]` in the window starting at `windowStart`, in one statement. */
export async function incrementBuckets(
  pool: Queryable,
  keys: string[],
  by: number[],
  windowStart: Date,
): Promise<Array<BucketRow & { key: string }>> {
  const result = await pool.query<BucketRow & { key: string }>(
    preparedQuery("ms_rate_limit_increment", INCREMENT_SQL, [keys, by, windowStart]),
  );
  return result.rows;
}

/** Adds one to the bucket if its count in this window is below `limit`; null when refused. */
export async function reserveBucket(
  pool: Queryable,
  key: string,
  windowStart: Date,
  limit: number,
): Promise<BucketRow | null> {
  const result = await pool.query<BucketRow>(RESERVE_SQL, [key, windowStart, limit]);
  return result.rows[0] ?? null;
}

/** Gives back one reservation of the window starting at `windowStart`. */
export async function releaseBucket(pool: Queryable, key: string, windowStart: Date) {
  await pool.query(RELEASE_SQL, [key, windowStart]);
}

/** The stored bucket, whatever its window, or null. */
export async function readBucket(pool: Queryable, key: string): Promise<BucketRow | null> {
  const result = await pool.query<BucketRow>(
    "SELECT count, window_start FROM rate_limit_buckets WHERE key = $1",
    [key],
  );
  return result.rows[0] ?? null;
}

export async function deleteBucket(pool: Queryable, key: string): Promise<void> {
  await pool.query("DELETE FROM rate_limit_buckets WHERE key = $1", [key]);
}

/** Deletes the buckets whose window started before `before`. */
export async function deleteBucketsBefore(pool: Queryable, before: Date): Promise<void> {
  await pool.query("DELETE FROM rate_limit_buckets WHERE window_start < $1", [before]);
}
