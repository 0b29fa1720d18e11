import "server-only";
import { clock } from "@/lib/clock";
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
   * numerous and short-lived, such as client IPs: they are synced when they are hit, and
   * read once more at the following sync.
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
  /** Hits being written by decide() on the shared path, whose answer has not come back. */
  deciding: number;
  /** Whether the last sync wrote hits of this key: the next one reads it once more. */
  lastSyncWrote: boolean;
}

/** A key's use in its window as far as this instance knows. */
function usedOf(state: KeyState): number {
  return state.known + state.pending + state.syncing + state.deciding;
}

/** decide() asks the shared store once a key's known use reaches this share of its limit. */
const NEAR_LIMIT_SHARE = 0.9;
/**
 * decide() also asks the shared store once this instance holds more unsynced hits of a key
 * than this many times the key's sustainable rate per sync interval (limit × interval /
 * window). A share of the limit alone cannot bound a burst faster than the syncs: two
 * instances, each below 90 % in its own view, could pass the limit together before either
 * syncs. Three times the sustainable rate keeps steady traffic at the limit in memory.
 */
const BURST_FACTOR = 3;

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
 *
 * decide() bounds that overshoot for limits that must hold across instances (see there).
 */
export class BatchedWindowLimiter {
  private readonly keys = new Map<string, KeyState>();
  private readonly now: () => Date;
  private timer: ReturnType<typeof setInterval> | null = null;
  private syncInProgress: Promise<void> | null = null;
  /** The window in which the map was found full with nothing to prune (see hasRoomForKey). */
  private fullInWindow: number | null = null;

  constructor(private readonly options: BatchedLimiterOptions) {
    this.now = options.now ?? clock.now;
  }

  /** Counts one request for `key` if it is within `limit`; synchronous, no I/O. */
  consume(key: string, limit: number): RateLimitDecision {
    const now = this.now();
    const state = this.stateFor(key, now);
    if (!state) return this.untracked(limit, now);
    return this.decideLocally(state, limit, now);
  }

  /**
   * Counts one request for `key` if it is within `limit`, holding the limit across instances
   * to within N × limit × BURST_FACTOR × interval / window (10 % for two instances with a
   * one-minute window and one-second syncs). Below the limit it decides like consume(),
   * synchronously and without I/O. Once this instance's view of the key reaches
   * NEAR_LIMIT_SHARE of the limit, or it holds a burst of unsynced hits the others cannot
   * see yet (BURST_FACTOR), the request is decided against the shared store instead: one
   * atomic increment-and-read that also writes this instance's pending hits of the key, so
   * the shared count includes every hit decided so far. A store error falls back to the
   * local decision. Never rejects.
   */
  decide(key: string, limit: number): RateLimitDecision | Promise<RateLimitDecision> {
    const now = this.now();
    const state = this.stateFor(key, now);
    if (!state) return this.untracked(limit, now);
    const unsynced = state.pending + state.syncing + state.deciding;
    const used = usedOf(state);
    if (used >= limit || (used < limit * NEAR_LIMIT_SHARE && unsynced < this.burstBudget(limit)))
      return this.decideLocally(state, limit, now);
    return this.decideShared(key, state, limit, now);
  }

  /** The unsynced hits of one key this instance may allow between syncs without asking. */
  private burstBudget(limit: number): number {
    const perInterval = (limit * this.options.syncIntervalMs) / this.options.windowMs;
    return Math.max(1, Math.floor(perInterval * BURST_FACTOR));
  }

  private stateFor(key: string, now: Date): KeyState | null {
    const windowStart = windowStartOf(now, this.options.windowMs);
    let state = this.keys.get(key);
    if (!state || state.windowStart !== windowStart) {
      if (!state && !this.hasRoomForKey(windowStart)) return null;
      // Hits of an earlier window still unsynced are kept under their own window's entry.
      if (state && (state.pending > 0 || state.syncing > 0))
        this.keys.set(`${key}\u0000${state.windowStart}`, state);
      state = {
        windowStart,
        known: 0,
        pending: 0,
        syncing: 0,
        deciding: 0,
        lastSyncWrote: false,
      };
      this.keys.set(key, state);
    }
    this.ensureTimer();
    return state;
  }

  /** The answer for a key beyond maxKeys: allowed, not counted. */
  private untracked(limit: number, now: Date): RateLimitDecision {
    return { allowed: true, limit, remaining: limit, ...this.resetOf(now) };
  }

  private resetOf(now: Date): { resetAt: Date; resetSeconds: number } {
    const resetAt = windowResetAt(now, this.options.windowMs);
    return { resetAt, resetSeconds: secondsUntil(resetAt, now) };
  }

  private decideLocally(state: KeyState, limit: number, now: Date): RateLimitDecision {
    const used = usedOf(state);
    if (used >= limit) return { allowed: false, limit, remaining: 0, ...this.resetOf(now) };
    state.pending += 1;
    return { allowed: true, limit, remaining: Math.max(0, limit - used - 1), ...this.resetOf(now) };
  }

  private async decideShared(
    key: string,
    state: KeyState,
    limit: number,
    now: Date,
  ): Promise<RateLimitDecision> {
    // This request and the key's pending hits go to the store in one atomic increment; the
    // count it returns includes every hit any instance has written, this one last.
    const flushed = state.pending;
    state.pending = 0;
    state.deciding += flushed + 1;
    let shared: number | undefined;
    try {
      const [count] = await this.options.store.incrementMany(
        [{ key: `${this.options.prefix}:${key}`, by: flushed + 1 }],
        this.options.windowMs,
        new Date(state.windowStart),
      );
      shared = count?.count;
    } catch (error) {
      this.options.onSyncError?.(error);
    }
    state.deciding -= flushed + 1;
    if (shared === undefined) {
      // The store is unreachable: the flushed hits wait for the next sync, and this request
      // is decided on what this instance knows.
      state.pending += flushed;
      return this.decideLocally(state, limit, now);
    }
    state.known = Math.max(state.known, shared);
    // A refused request stays counted: the count is past the limit already, so every later
    // request of this window is refused anyway.
    return {
      allowed: shared <= limit,
      limit,
      remaining: Math.max(0, limit - shared),
      ...this.resetOf(now),
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
    if (usedOf(state) < limit) return null;
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
      // Without idle refresh, a key is still read once after the sync that wrote its last
      // hits: the hits other instances wrote meanwhile (a spread attack) become known here.
      if (state.pending === 0 && this.options.refreshIdleKeys === false && !state.lastSyncWrote)
        continue;
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
          item.state.lastSyncWrote = item.state.syncing > 0;
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
