import "server-only";
import type { Redis } from "ioredis";
import {
  type Reservation,
  type ReservingRateLimitStore,
  type WindowCount,
  type WindowIncrement,
  windowResetAt,
  windowStartOf,
} from "@/lib/rate-limit/store";

// INCRBY and PEXPIRE in one script, so a counter can never be left without an expiry
// (a crash between two separate commands would make it count forever).
const INCREMENT_SCRIPT = `
local count = redis.call('INCRBY', KEYS[1], ARGV[1])
if redis.call('PTTL', KEYS[1]) < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return count`;

// Compare and increment in one script: Redis runs a script alone, so concurrent
// reservations of one key see each other's increments. Answers {granted (0/1), count}.
const RESERVE_SCRIPT = `
local count = tonumber(redis.call('GET', KEYS[1]) or '0')
if count >= tonumber(ARGV[1]) then return {0, count} end
count = redis.call('INCR', KEYS[1])
if redis.call('PTTL', KEYS[1]) < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return {1, count}`;

// DECR keeps the key's expiry; a key that has expired (its window ended) is left alone.
const RELEASE_SCRIPT = `
if tonumber(redis.call('GET', KEYS[1]) or '0') > 0 then redis.call('DECR', KEYS[1]) end
return 0`;

/**
 * Counters in Redis, one key per limit key and window (`<prefix><key>:<windowStart>`), each
 * expiring shortly after its window ends.
 */
export class RedisRateLimitStore implements ReservingRateLimitStore {
  readonly name = "redis" as const;

  constructor(
    private readonly redis: Redis,
    private readonly prefix = "mailshield:rl:",
  ) {}

  private keyFor(key: string, windowMs: number, now: Date): string {
    return `${this.prefix}${key}:${windowStartOf(now, windowMs)}`;
  }

  private ttlMs(windowMs: number, now: Date): number {
    // The key outlives its window a little, so a late reader still finds the count.
    return windowResetAt(now, windowMs).getTime() - now.getTime() + 1_000;
  }

  async incrementMany(
    increments: readonly WindowIncrement[],
    windowMs: number,
    now: Date,
  ): Promise<WindowCount[]> {
    if (increments.length === 0) return [];
    const resetAt = windowResetAt(now, windowMs);
    const ttlMs = this.ttlMs(windowMs, now);
    const pipeline = this.redis.pipeline();
    for (const { key, by } of increments) {
      pipeline.eval(INCREMENT_SCRIPT, 1, this.keyFor(key, windowMs, now), by, ttlMs);
    }
    const results = (await pipeline.exec()) ?? [];
    return increments.map(({ key }, index) => {
      const [error, count] = results[index] ?? [new Error("missing pipeline result"), 0];
      if (error) throw error;
      return { key, count: Number(count), resetAt };
    });
  }

  async peek(key: string, windowMs: number, now: Date): Promise<WindowCount> {
    const value = await this.redis.get(this.keyFor(key, windowMs, now));
    return { key, count: value ? Number(value) : 0, resetAt: windowResetAt(now, windowMs) };
  }

  async reserve(key: string, limit: number, windowMs: number, now: Date): Promise<Reservation> {
    const [granted, count] = (await this.redis.eval(
      RESERVE_SCRIPT,
      1,
      this.keyFor(key, windowMs, now),
      limit,
      this.ttlMs(windowMs, now),
    )) as [number, number];
    return { key, granted: granted === 1, count, resetAt: windowResetAt(now, windowMs) };
  }

  async release(key: string, windowMs: number, resetAt: Date): Promise<void> {
    const windowStart = new Date(resetAt.getTime() - windowMs);
    await this.redis.eval(RELEASE_SCRIPT, 1, this.keyFor(key, windowMs, windowStart));
  }

  async reset(key: string): Promise<void> {
    // Every window of the key goes: they all expire on their own, but a reset means now.
    const pattern = `${this.prefix}${key}:`;
    const stream = this.redis.scanStream({ match: `${escapeGlob(pattern)}*`, count: 100 });
    for await (const keys of stream as AsyncIterable<string[]>) {
      if (keys.length > 0) await this.redis.del(...keys);
    }
  }
}

function escapeGlob(value: string): string {
  return value.replace(/[*?[\]\\]/g, "\\$&");
}
