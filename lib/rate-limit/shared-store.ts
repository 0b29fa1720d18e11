import "server-only";
import { Redis } from "ioredis";
import { config } from "@/lib/config";
import { dbPool } from "@/lib/db";
import { logger } from "@/lib/logger";
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
    logger().warn({ error }, "rate-limit redis error");
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
  const { REDIS_URL: redisUrl, REDIS_KEY_PREFIX } = config();
  const store = redisUrl
    ? new RedisRateLimitStore(createRedisClient(redisUrl), REDIS_KEY_PREFIX)
    : new PostgresRateLimitStore(dbPool);
  globalForStore.__mailshieldRateLimitStore = store;
  return store;
}
