import "server-only";
import { clock } from "@/lib/clock";
import {
  type ReservingRateLimitStore,
  secondsUntil,
  type WindowCount,
  windowResetAt,
} from "@/lib/rate-limit/store";

export interface FailureLimiterOptions {
  store: ReservingRateLimitStore;
  /** Failures allowed per window; the next one is refused. */
  limit: number;
  windowMs: number;
  /** Namespaces the keys of this limiter in the shared store. */
  prefix: string;
  now?: () => Date;
}

/** A held attempt: `granted` false means it was refused and must not be made. */
export interface AttemptReservation extends FailureCount {
  granted: boolean;
}

export interface FailureCount {
  count: number;
  limit: number;
  resetAt: Date;
  /** True once the key has used up its failures: further attempts must be refused. */
  blocked: boolean;
  retryAfterSeconds: number;
}

// Bounded memory: an attacker rotating through many addresses cannot grow the map forever.
const MAX_LOCALLY_BLOCKED = 50_000;

/**
 * Counts failures (wrong passwords at sign-in) per key in the shared store and refuses
 * a key that has reached its limit until the window ends.
 *
 * An attempt whose outcome is not known yet (a password being verified) is reserved
 * first: `reserve` counts it as a failure in one atomic step that also refuses it when
 * the key is at its limit, and `release` gives it back once it succeeded. Checking first
 * and counting after the verification would let any number of concurrent attempts pass
 * the same check.
 *
 * Keys this instance has seen reach the limit are also remembered in memory, so refusing
 * an already-blocked client (`blockedLocally`) takes no database or network round trip at
 * all: the expensive path is the attacker's first `limit` failures, not the flood after.
 * Another instance learns of the block at that client's next failure there, because the
 * count itself is shared.
 */
export class FailureLimiter {
  private readonly blockedUntil = new Map<string, number>();
  private readonly now: () => Date;

  constructor(private readonly options: FailureLimiterOptions) {
    this.now = options.now ?? clock.now;
  }

  get limit(): number {
    return this.options.limit;
  }

  private storeKey(key: string): string {
    return `${this.options.prefix}:${key}`;
  }

  /** Synchronous: the block this instance already knows about, or null. */
  blockedLocally(key: string): FailureCount | null {
    const until = this.blockedUntil.get(key);
    if (until === undefined) return null;
    const now = this.now();
    if (until <= now.getTime()) {
      this.blockedUntil.delete(key);
      return null;
    }
    return this.describe(this.options.limit, new Date(until), now);
  }

  /** The shared count, for callers that must check before doing expensive work (sign-in). */
  async check(key: string): Promise<FailureCount> {
    const local = this.blockedLocally(key);
    if (local) return local;
    const now = this.now();
    const current = await this.options.store.peek(this.storeKey(key), this.options.windowMs, now);
    return this.remember(key, current, now);
  }

  /** Holds one attempt for the key, or refuses it when the key has used up its failures. */
  async reserve(key: string): Promise<AttemptReservation> {
    const local = this.blockedLocally(key);
    if (local) return { ...local, granted: false };
    const now = this.now();
    const reservation = await this.options.store.reserve(
      this.storeKey(key),
      this.options.limit,
      this.options.windowMs,
      now,
    );
    return { ...this.remember(key, reservation, now), granted: reservation.granted };
  }

  /** Gives back a granted reservation whose attempt turned out not to be a failure. */
  async release(key: string, reservation: AttemptReservation): Promise<void> {
    if (!reservation.granted) return;
    this.blockedUntil.delete(key);
    await this.options.store.release(
      this.storeKey(key),
      this.options.windowMs,
      reservation.resetAt,
    );
  }

  /** Records one failure and reports whether the key is now blocked. */
  async recordFailure(key: string): Promise<FailureCount> {
    const now = this.now();
    const [current] = await this.options.store.incrementMany(
      [{ key: this.storeKey(key), by: 1 }],
      this.options.windowMs,
      now,
    );
    return this.remember(
      key,
      current ?? { key, count: 1, resetAt: windowResetAt(now, this.options.windowMs) },
      now,
    );
  }

  async reset(key: string): Promise<void> {
    this.blockedUntil.delete(key);
    await this.options.store.reset(this.storeKey(key));
  }

  private remember(key: string, current: WindowCount, now: Date): FailureCount {
    const result = this.describe(current.count, current.resetAt, now);
    if (result.blocked) {
      if (this.blockedUntil.size >= MAX_LOCALLY_BLOCKED) this.forgetExpired(now);
      if (this.blockedUntil.size < MAX_LOCALLY_BLOCKED)
        this.blockedUntil.set(key, current.resetAt.getTime());
    }
    return result;
  }

  private describe(count: number, resetAt: Date, now: Date): FailureCount {
    return {
      count,
      limit: this.options.limit,
      resetAt,
      blocked: count >= this.options.limit,
      retryAfterSeconds: secondsUntil(resetAt, now),
    };
  }

  private forgetExpired(now: Date): void {
    for (const [key, until] of this.blockedUntil) {
      if (until <= now.getTime()) this.blockedUntil.delete(key);
    }
  }
}

/** A granted reservation and where it is held. */
export interface HeldAttempt {
  limiter: FailureLimiter;
  key: string;
  reservation: AttemptReservation;
}

export type AttemptReservations =
  | { granted: true; held: HeldAttempt[] }
  | { granted: false; retryAfterSeconds: number };

/**
 * Reserves one attempt on every (limiter, key) pair. If any refuses, the others are
 * released again and the answer carries the longest wait; if the store fails, whatever
 * was granted is released before the error is passed on.
 */
export async function reserveAttempts(
  pairs: ReadonlyArray<readonly [FailureLimiter, string]>,
): Promise<AttemptReservations> {
  const settled = await Promise.allSettled(
    pairs.map(async ([limiter, key]) => ({
      limiter,
      key,
      reservation: await limiter.reserve(key),
    })),
  );
  const answered = settled.flatMap((result) =>
    result.status === "fulfilled" ? [result.value] : [],
  );
  const failed = settled.find((result) => result.status === "rejected");
  const refused = answered.filter((attempt) => !attempt.reservation.granted);
  if (failed || refused.length > 0) await releaseAttempts(answered);
  if (failed) throw failed.reason;
  if (refused.length > 0) {
    const waits = refused.map((attempt) => attempt.reservation.retryAfterSeconds);
    return { granted: false, retryAfterSeconds: Math.max(...waits) };
  }
  return { granted: true, held: answered };
}

/** Gives back reservations whose attempt did not fail (or was never made). */
export async function releaseAttempts(held: readonly HeldAttempt[]): Promise<void> {
  await Promise.all(held.map(({ limiter, key, reservation }) => limiter.release(key, reservation)));
}
