import { randomInt, randomUUID } from "node:crypto";
import { clock } from "@/lib/clock";
import { dbPool } from "@/lib/db";
import { PostgresRateLimitStore } from "@/lib/rate-limit/postgres-store";
import { RedisRateLimitStore } from "@/lib/rate-limit/redis-store";
import { createRedisClient } from "@/lib/rate-limit/shared-store";
import type { RateLimitStore, ReservingRateLimitStore } from "@/lib/rate-limit/store";

// Test helpers: the real stores, with keys unique to each test run so test files never
// see each other's counters.

/** Redis for tests: REDIS_URL when set, else a local Redis on its database 5. */
export const TEST_REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379/5";

export function uniqueKey(label: string): string {
  return `test:${label}:${randomUUID()}`;
}

/** A client IP of its own (its /64 is the rate-limit key), so tests never share a count. */
export function uniqueIp(): string {
  const group = () => randomInt(0, 0xffff).toString(16);
  return `2001:db8:${group()}:${group()}::1`;
}

export function postgresStore(): PostgresRateLimitStore {
  return new PostgresRateLimitStore(dbPool);
}

export function redisStore(): { store: RedisRateLimitStore; close: () => Promise<void> } {
  const redis = createRedisClient(TEST_REDIS_URL);
  return {
    store: new RedisRateLimitStore(redis, `mailshield-test:${randomUUID()}:`),
    close: async () => {
      await redis.quit();
    },
  };
}

/** Wraps a store and counts its round trips, to prove what the hot path does not do. */
export function countingStore(
  inner: ReservingRateLimitStore,
): ReservingRateLimitStore & { calls: number } {
  const counting = {
    name: inner.name,
    calls: 0,
    incrementMany(...args: Parameters<ReservingRateLimitStore["incrementMany"]>) {
      counting.calls += 1;
      return inner.incrementMany(...args);
    },
    peek(...args: Parameters<ReservingRateLimitStore["peek"]>) {
      counting.calls += 1;
      return inner.peek(...args);
    },
    reserve(...args: Parameters<ReservingRateLimitStore["reserve"]>) {
      counting.calls += 1;
      return inner.reserve(...args);
    },
    release(...args: Parameters<ReservingRateLimitStore["release"]>) {
      counting.calls += 1;
      return inner.release(...args);
    },
    reset(key: string) {
      counting.calls += 1;
      return inner.reset(key);
    },
  };
  return counting;
}

/** A store whose every call fails, as when its server is unreachable. */
export function unreachableStore(name: RateLimitStore["name"] = "postgres"): RateLimitStore {
  const refuse = () => Promise.reject(new Error("connection refused"));
  return { name, incrementMany: refuse, peek: refuse, reset: refuse };
}

/**
 * A clock the test moves by hand, starting `offsetMs` into the current real minute. Tests
 * keep exact positions within a window without fixing a calendar date: a store prunes rows
 * a day older than its own clock, so a date fixed in a test would age into the pruned
 * range of every other store counting at the real time.
 */
export function minuteClock(offsetMs = 0): {
  now: () => Date;
  advance: (ms: number) => void;
  at: (deltaMs: number) => Date;
} {
  const start = Math.floor(clock.ms() / 60_000) * 60_000 + offsetMs;
  let current = start;
  return {
    now: () => new Date(current),
    advance: (ms) => {
      current += ms;
    },
    /** The moment `deltaMs` after the clock's start (not after its current time). */
    at: (deltaMs) => new Date(start + deltaMs),
  };
}
