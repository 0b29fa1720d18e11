import "server-only";
import {
  type RateLimitStore,
  secondsUntil,
  windowResetAt,
  windowStartOf,
} from "@/lib/rate-limit/store";

export interface RateLimitDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  resetAt: Date;
  /** Seconds until the window resets (RateLimit-Reset, and Retry-After when refused). */
  resetSeconds: number;
}

export interface BatchedLimiterOptions {
  store: RateLimitStore;
  windowMs: number;
  /** How often local counts are added to the shared store. */
  syncIntervalMs: number;
  prefix: string;
  /**
   * Whether keys without new local hits are still synced every interval until their window
   * ends, to learn what other instances counted (default true). Off for keys that are
   * numerous and short-lived, such as client IPs: they are synced when they are hit.
   */
  refreshIdleKeys?: boolean;
  /**
   * Most keys tracked in one window (default unbounded). Beyond it, a new key is not
   * counted (its requests are allowed): memory stays bounded when keys come from clients.
   */
  maxKeys?: number;
  now?: () => Date;
  onSyncError?: (error: unknown) => void;
}

interface KeyState {
  windowStart: number;
  /** The shared count as of the last sync (every instance's hits, ours included). */
  known: number;
  /** Hits counted here that are not in the shared store yet. */
  pending: number;
  /** Hits being written by the sync in progress. */
  syncing: number;
}

/**
 * A fixed-window request limiter for hot keys (every authenticated API request hits it).
 *
 * Writing each request to a shared row would make all requests of a busy token queue on
 * that row's lock, so requests are counted in memory and decided without any I/O; a timer
 * adds the local counts to the shared store in one batched statement per interval and
 * learns the other instances' counts from the result. The limit is therefore exact within
 * one instance and approximate across instances by at most what the others served during
 * one sync interval (with N instances a token can overshoot by up to (N-1) × its rate ×
 * the interval before every instance sees the total). An idle instance costs nothing;
 * one that served a key this window refreshes it once per interval until the window ends.
 */
export class BatchedWindowLimiter {
  private readonly keys = new Map<string, KeyState>();
  private readonly now: () => Date;
  private timer: ReturnType<typeof setInterval> | null = null;
  private syncInProgress: Promise<void> | null = null;
  /** The window in which the map was found full with nothing to prune (see hasRoomForKey). */
  private fullInWindow: number | null = null;

  constructor(private readonly options: BatchedLimiterOptions) {
    this.now = options.now ?? (() => new Date());
  }

  /** Counts one request for `key` if it is within `limit`; synchronous, no I/O. */
  consume(key: string, limit: number): RateLimitDecision {
    const now = this.now();
    const windowStart = windowStartOf(now, this.options.windowMs);
    const resetAt = windowResetAt(now, this.options.windowMs);
    const resetSeconds = secondsUntil(resetAt, now);
    let state = this.keys.get(key);
    if (!state || state.windowStart !== windowStart) {
      if (!state && !this.hasRoomForKey(windowStart)) {
        return { allowed: true, limit, remaining: limit, resetAt, resetSeconds };
      }
      // Hits of an earlier window still unsynced are kept under their own window's entry.
      if (state && (state.pending > 0 || state.syncing > 0))
        this.keys.set(`${key}\u0000${state.windowStart}`, state);
      state = { windowStart, known: 0, pending: 0, syncing: 0 };
      this.keys.set(key, state);
    }
    this.ensureTimer();

    const used = state.known + state.pending + state.syncing;
    if (used >= limit) return { allowed: false, limit, remaining: 0, resetAt, resetSeconds };
    state.pending += 1;
    return {
      allowed: true,
      limit,
      remaining: Math.max(0, limit - used - 1),
      resetAt,
      resetSeconds,
    };
  }

  /**
   * Synchronous and without counting: when `key` has used up `limit` in the current window
   * (as far as this instance knows), the seconds until the window resets; otherwise null.
   */
  exhausted(key: string, limit: number): { resetSeconds: number } | null {
    const now = this.now();
    const state = this.keys.get(key);
    if (!state || state.windowStart !== windowStartOf(now, this.options.windowMs)) return null;
    if (state.known + state.pending + state.syncing < limit) return null;
    return { resetSeconds: secondsUntil(windowResetAt(now, this.options.windowMs), now) };
  }

  private hasRoomForKey(currentWindow: number): boolean {
    const maxKeys = this.options.maxKeys ?? Number.POSITIVE_INFINITY;
    if (this.keys.size < maxKeys) return true;
    // A full map is scanned at most once per window and sync: otherwise every new key of a
    // flood from many addresses would pay for a walk over all tracked keys.
    if (this.fullInWindow === currentWindow) return false;
    // Entries of finished windows with nothing left to sync can go at once.
    for (const [mapKey, state] of this.keys) {
      if (state.windowStart < currentWindow && state.pending === 0 && state.syncing === 0)
        this.keys.delete(mapKey);
    }
    if (this.keys.size < maxKeys) return true;
    this.fullInWindow = currentWindow;
    return false;
  }

  /** Writes pending counts to the shared store now (the timer does this periodically). */
  sync(): Promise<void> {
    this.syncInProgress ??= this.syncOnce().finally(() => {
      this.syncInProgress = null;
    });
    return this.syncInProgress;
  }

  /** Stops the timer after a final sync (shutdown). */
  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.sync();
  }

  private ensureTimer(): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      this.sync().catch(() => {});
    }, this.options.syncIntervalMs);
    // The limiter must never keep a process alive on its own.
    this.timer.unref?.();
  }

  private async syncOnce(): Promise<void> {
    // A sync settles counts of finished windows, which may make their entries prunable.
    this.fullInWindow = null;
    const currentWindow = windowStartOf(this.now(), this.options.windowMs);
    const byWindow = new Map<number, Array<{ mapKey: string; key: string; state: KeyState }>>();
    for (const [mapKey, state] of this.keys) {
      // Keys of the current window are refreshed even without new local hits (an increment
      // of 0), so this instance learns what the others served; older idle ones are dropped.
      if (state.pending === 0 && state.windowStart < currentWindow) {
        if (state.syncing === 0) this.keys.delete(mapKey);
        continue;
      }
      if (state.pending === 0 && this.options.refreshIdleKeys === false) continue;
      const key = mapKey.split("\u0000")[0] ?? mapKey;
      const group = byWindow.get(state.windowStart) ?? [];
      group.push({ mapKey, key, state });
      byWindow.set(state.windowStart, group);
    }

    for (const [windowStart, group] of byWindow) {
      for (const item of group) {
        item.state.syncing = item.state.pending;
        item.state.pending = 0;
      }
      try {
        const counts = await this.options.store.incrementMany(
          group.map((item) => ({
            key: `${this.options.prefix}:${item.key}`,
            by: item.state.syncing,
          })),
          this.options.windowMs,
          new Date(windowStart),
        );
        const countByKey = new Map(counts.map((count) => [count.key, count.count]));
        for (const item of group) {
          const shared = countByKey.get(`${this.options.prefix}:${item.key}`);
          item.state.syncing = 0;
          if (shared !== undefined) item.state.known = Math.max(item.state.known, shared);
          if (item.mapKey !== item.key) this.keys.delete(item.mapKey);
        }
      } catch (error) {
        // The store is unreachable: keep counting locally and retry at the next interval.
        for (const item of group) {
          item.state.pending += item.state.syncing;
          item.state.syncing = 0;
        }
        this.options.onSyncError?.(error);
      }
    }
  }
}
