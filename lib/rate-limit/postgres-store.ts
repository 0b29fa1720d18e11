import "server-only";
import type pg from "pg";
import { preparedQuery } from "@/lib/prepared-statements";
import {
  type Reservation,
  type ReservingRateLimitStore,
  type WindowCount,
  type WindowIncrement,
  windowResetAt,
  windowStartOf,
} from "@/lib/rate-limit/store";

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

const PRUNE_INTERVAL_MS = 10 * 60_000;
const PRUNE_AFTER_MS = 24 * 60 * 60_000;

/**
 * Counters in the `rate_limit_buckets` table, shared by every instance that uses the same
 * database. Rows of finished windows are deleted now and then by whichever instance
 * happens to be counting.
 */
export class PostgresRateLimitStore implements ReservingRateLimitStore {
  readonly name = "postgres" as const;
  private lastPrunedAt = 0;

  constructor(private readonly pool: Pick<pg.Pool, "query">) {}

  async incrementMany(
    increments: readonly WindowIncrement[],
    windowMs: number,
    now: Date,
  ): Promise<WindowCount[]> {
    if (increments.length === 0) return [];
    // Sorted keys make concurrent batches lock rows in the same order (no deadlocks).
    const merged = mergeIncrements(increments);
    const windowStart = new Date(windowStartOf(now, windowMs));
    const result = await this.pool.query<{ key: string; count: number; window_start: Date }>(
      preparedQuery("ms_rate_limit_increment", INCREMENT_SQL, [
        merged.map((item) => item.key),
        merged.map((item) => item.by),
        windowStart,
      ]),
    );
    this.maybePrune(now);
    return result.rows.map((row) => ({
      key: row.key,
      count: row.count,
      resetAt: new Date(row.window_start.getTime() + windowMs),
    }));
  }

  async peek(key: string, windowMs: number, now: Date): Promise<WindowCount> {
    const result = await this.pool.query<{ count: number; window_start: Date }>(
      "SELECT count, window_start FROM rate_limit_buckets WHERE key = $1",
      [key],
    );
    const row = result.rows[0];
    const current = windowStartOf(now, windowMs);
    if (!row || row.window_start.getTime() < current) {
      return { key, count: 0, resetAt: windowResetAt(now, windowMs) };
    }
    return { key, count: row.count, resetAt: new Date(row.window_start.getTime() + windowMs) };
  }

  async reserve(key: string, limit: number, windowMs: number, now: Date): Promise<Reservation> {
    const result = await this.pool.query<{ count: number; window_start: Date }>(RESERVE_SQL, [
      key,
      new Date(windowStartOf(now, windowMs)),
      limit,
    ]);
    this.maybePrune(now);
    const row = result.rows[0];
    if (!row) return { key, granted: false, count: limit, resetAt: windowResetAt(now, windowMs) };
    const resetAt = new Date(row.window_start.getTime() + windowMs);
    return { key, granted: true, count: row.count, resetAt };
  }

  async release(key: string, windowMs: number, resetAt: Date): Promise<void> {
    await this.pool.query(RELEASE_SQL, [key, new Date(resetAt.getTime() - windowMs)]);
  }

  async reset(key: string): Promise<void> {
    await this.pool.query("DELETE FROM rate_limit_buckets WHERE key = $1", [key]);
  }

  /**
   * Deletes the rows of windows that ended more than a day before `now`. The cutoff comes
   * from the clock the store is given, never the database's: one store, one clock, so a
   * caller counting at another moment (a test, an instance whose clock drifts) never sees
   * its own current rows pruned from under it.
   */
  async prune(now: Date): Promise<void> {
    await this.pool.query("DELETE FROM rate_limit_buckets WHERE window_start < $1", [
      new Date(now.getTime() - PRUNE_AFTER_MS),
    ]);
  }

  private maybePrune(now: Date): void {
    if (now.getTime() - this.lastPrunedAt < PRUNE_INTERVAL_MS) return;
    this.lastPrunedAt = now.getTime();
    this.prune(now).catch(() => {
      // Pruning is housekeeping; the next interval tries again.
    });
  }
}

function mergeIncrements(increments: readonly WindowIncrement[]): WindowIncrement[] {
  const byKey = new Map<string, number>();
  for (const { key, by } of increments) byKey.set(key, (byKey.get(key) ?? 0) + by);
  return [...byKey.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, by]) => ({ key, by }));
}
