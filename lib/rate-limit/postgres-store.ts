import "server-only";
import type pg from "pg";
import {
  type Reservation,
  type ReservingRateLimitStore,
  type WindowCount,
  type WindowIncrement,
  windowResetAt,
  windowStartOf,
} from "@/lib/rate-limit/store";
import {
  deleteBucket,
  deleteBucketsBefore,
  incrementBuckets,
  readBucket,
  releaseBucket,
  reserveBucket,
} from "@/lib/sql";

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
    const rows = await incrementBuckets(
      this.pool,
      merged.map((item) => item.key),
      merged.map((item) => item.by),
      windowStart,
    );
    this.maybePrune(now);
    return rows.map((row) => ({
      key: row.key,
      count: row.count,
      resetAt: new Date(row.window_start.getTime() + windowMs),
    }));
  }

  async peek(key: string, windowMs: number, now: Date): Promise<WindowCount> {
    const row = await readBucket(this.pool, key);
    const current = windowStartOf(now, windowMs);
    if (!row || row.window_start.getTime() < current) {
      return { key, count: 0, resetAt: windowResetAt(now, windowMs) };
    }
    return { key, count: row.count, resetAt: new Date(row.window_start.getTime() + windowMs) };
  }

  async reserve(key: string, limit: number, windowMs: number, now: Date): Promise<Reservation> {
    const row = await reserveBucket(this.pool, key, new Date(windowStartOf(now, windowMs)), limit);
    this.maybePrune(now);
    if (!row) return { key, granted: false, count: limit, resetAt: windowResetAt(now, windowMs) };
    const resetAt = new Date(row.window_start.getTime() + windowMs);
    return { key, granted: true, count: row.count, resetAt };
  }

  async release(key: string, windowMs: number, resetAt: Date): Promise<void> {
    await releaseBucket(this.pool, key, new Date(resetAt.getTime() - windowMs));
  }

  async reset(key: string): Promise<void> {
    await deleteBucket(this.pool, key);
  }

  /**
   * Deletes the rows of windows that ended more than a day before `now`. The cutoff comes
   * from the clock the store is given, never the database's: one store, one clock, so a
   * caller counting at another moment (a test, an instance whose clock drifts) never sees
   * its own current rows pruned from under it.
   */
  async prune(now: Date): Promise<void> {
    await deleteBucketsBefore(this.pool, new Date(now.getTime() - PRUNE_AFTER_MS));
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
