import { Redis } from "ioredis";
import { dbPool } from "@/lib/db";
import { PostgresRateLimitStore } from "@/lib/rate-limit/postgres-store";
import { RedisRateLimitStore } from "@/lib/rate-limit/redis-store";
import type { ReservingRateLimitStore } from "@/lib/rate-limit/store";

const globalForStore = globalThis as typeof globalThis & {
  __mailshieldRateLimitStore?: ReservingRateLimitStore;
};

/** Builds a Redis client that fails fast, so a Redis outage cannot hang requests. */
export function createRedisClient(url: string): Redis {
  const redis = new Redis(url, {
    maxRetriesPerRequest: 1,
    connectTimeout: 2_000,
    commandTimeout: 1_000,
    enableAutoPipelining: true,
  });
  redis.on("error", (error) => {
    console.error(
      JSON.stringify({ level: "warn", msg: "rate-limit redis error", error: String(error) }),
    );
  });
  return redis;
}

/**
 * The store every rate limit of this process counts in: Redis when REDIS_URL is set (the
 * lowest latency when several instances share limits), otherwise the PostgreSQL table
 * `rate_limit_buckets`, which every instance already shares.
 */
export function getRateLimitStore(): ReservingRateLimitStore {
  if (globalForStore.__mailshieldRateLimitStore) return globalForStore.__mailshieldRateLimitStore;
  const redisUrl = process.env.REDIS_URL;
  const store = redisUrl
    ? new RedisRateLimitStore(
        createRedisClient(redisUrl),
        process.env.REDIS_KEY_PREFIX ?? "mailshield:rl:",
      )
    : new PostgresRateLimitStore(dbPool);
  globalForStore.__mailshieldRateLimitStore = store;
  return store;
}
