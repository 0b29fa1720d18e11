import "server-only";
import { clock } from "@/lib/clock";
/**
 * A shared counter store for fixed-window rate limits. Windows are aligned to the epoch
 * (window start = floor(now / windowMs) * windowMs), so every app instance agrees on which
 * window a moment belongs to without coordinating.
 */
export interface WindowCount {
  key: string;
  /** The number of hits recorded for the key in the current window, this one included. */
  count: number;
  /** When the current window ends and the count starts again from zero. */
  resetAt: Date;
}

export interface WindowIncrement {
  key: string;
  /** May be 0: that reads the current count without changing it. */
  by: number;
}

export interface RateLimitStore {
  readonly name: "postgres" | "redis" | "memory";
  /**
   * Adds each increment to its key's counter for the window containing `now` and returns the
   * resulting counts, in one round trip for the whole batch.
   */
  incrementMany(
    increments: readonly WindowIncrement[],
    windowMs: number,
    now: Date,
  ): Promise<WindowCount[]>;
  /** The count of one key in the window containing `now` (0 when it has none). */
  peek(key: string, windowMs: number, now: Date): Promise<WindowCount>;
  /** Forgets the key's current window (for example after a successful sign-in). */
  reset(key: string): Promise<void>;
}

/** The answer to a reservation: `count` is the key's count after it (unchanged if refused). */
export interface Reservation extends WindowCount {
  granted: boolean;
}

/**
 * A store that can also reserve attempts against a limit (sign-in failures): checking the
 * count and adding to it is one atomic step, so concurrent attempts cannot all pass a
 * check that only one of them should.
 */
export interface ReservingRateLimitStore extends RateLimitStore {
  /**
   * Adds 1 to the key's count in the window containing `now` only if the count is below
   * `limit`, and says whether it did.
   */
  reserve(key: string, limit: number, windowMs: number, now: Date): Promise<Reservation>;
  /**
   * Gives back one reservation made in the window ending at `resetAt` (never below 0). A
   * reservation whose window has ended is gone already; nothing is released then.
   */
  release(key: string, windowMs: number, resetAt: Date): Promise<void>;
}

export function windowStartOf(now: Date, windowMs: number): number {
  return Math.floor(now.getTime() / windowMs) * windowMs;
}

export function windowResetAt(now: Date, windowMs: number): Date {
  return new Date(windowStartOf(now, windowMs) + windowMs);
}

/** Seconds until `resetAt`, rounded up and at least 1, as Retry-After and RateLimit-Reset want. */
export function secondsUntil(resetAt: Date, now: Date = clock.now()): number {
  return Math.max(1, Math.ceil((resetAt.getTime() - now.getTime()) / 1000));
}
