import "server-only";
import { config } from "@/lib/config";
import type { Plan } from "@/lib/generated/prisma/enums";
import { logger } from "@/lib/logger";
import { PLAN_DETAILS } from "@/lib/plans";
import { BatchedWindowLimiter, type RateLimitDecision } from "@/lib/rate-limit/batched-limiter";
import { getRateLimitStore } from "@/lib/rate-limit/shared-store";
import { registerShutdownHook } from "@/lib/shutdown-hooks";

const MINUTE_MS = 60_000;

/** Failed authentications (401s) one client IP may cause per minute before it gets 429s. */
export function failedAuthLimitPerMinute(): number {
  return config().API_FAILED_AUTH_LIMIT_PER_MIN;
}

/**
 * Requests per minute a token may make on its organization's plan, or null for plans
 * without API access (those requests never get past authentication).
 */
export function tokenRateLimitPerMinute(plan: Plan): number | null {
  // The plan table holds every plan's limit; Enterprise's is agreed per contract.
  if (plan === "ENTERPRISE") {
    return config().ENTERPRISE_RATE_LIMIT_PER_MIN ?? PLAN_DETAILS.ENTERPRISE.apiRequestsPerMinute;
  }
  return PLAN_DETAILS[plan].apiRequestsPerMinute;
}

export interface ApiRateLimiters {
  /** Failed authentications per client IP (see failedAuthLimitPerMinute). */
  failedAuth: BatchedWindowLimiter;
  failedAuthLimit: number;
  /** Requests per token (see tokenRateLimitPerMinute). */
  tokens: BatchedWindowLimiter;
}

const globalForLimits = globalThis as typeof globalThis & {
  __mailshieldApiLimits?: ApiRateLimiters;
};

// Client IPs are many and short-lived keys: at most this many are tracked per minute.
const MAX_TRACKED_CLIENT_IPS = 100_000;

/** The process-wide API limiters (one set per process, also across dev-server reloads). */
export function apiRateLimiters(): ApiRateLimiters {
  if (globalForLimits.__mailshieldApiLimits) return globalForLimits.__mailshieldApiLimits;
  const store = getRateLimitStore();
  const syncIntervalMs = config().RATE_LIMIT_SYNC_INTERVAL_MS;
  const onSyncError = (error: unknown) => logger().warn({ error }, "rate-limit sync failed");
  const limits: ApiRateLimiters = {
    // Failures are counted in memory and added to the shared count once a second, like
    // requests per token: a write to a shared row on every 401 made the 401 path cost as
    // much as a successful request (docs/performance.md). The price is that each instance
    // decides on its own count plus what the others had synced: with N instances, a client
    // gets at most N × the limit in a minute.
    failedAuth: new BatchedWindowLimiter({
      store,
      windowMs: MINUTE_MS,
      syncIntervalMs,
      prefix: "api-auth-fail:ip",
      refreshIdleKeys: false,
      maxKeys: MAX_TRACKED_CLIENT_IPS,
      onSyncError,
    }),
    failedAuthLimit: failedAuthLimitPerMinute(),
    tokens: new BatchedWindowLimiter({
      store,
      windowMs: MINUTE_MS,
      syncIntervalMs,
      prefix: "api-token",
      onSyncError,
    }),
  };
  registerShutdownHook("rate-limit-sync", async () => {
    await Promise.all([limits.failedAuth.close(), limits.tokens.close()]);
  });
  globalForLimits.__mailshieldApiLimits = limits;
  return limits;
}

export interface PublicApiRateLimiter {
  /** Requests per client IP (IPv6: per /64) to the operations open without a token. */
  byIp: BatchedWindowLimiter;
  limit: number;
}

const globalForPublicLimit = globalThis as typeof globalThis & {
  __mailshieldPublicApiLimit?: PublicApiRateLimiter;
};

/**
 * The limiter of the public operations (declared with `auth: "none"`), apart from the
 * authenticated ones so that their path does not change. Every request counts, per client
 * IP, in memory and synced like the failed-authentication count (N instances: at most N ×
 * the limit per minute).
 */
export function publicApiRateLimiter(): PublicApiRateLimiter {
  if (globalForPublicLimit.__mailshieldPublicApiLimit) {
    return globalForPublicLimit.__mailshieldPublicApiLimit;
  }
  const byIp = new BatchedWindowLimiter({
    store: getRateLimitStore(),
    windowMs: MINUTE_MS,
    syncIntervalMs: config().RATE_LIMIT_SYNC_INTERVAL_MS,
    prefix: "api-public:ip",
    refreshIdleKeys: false,
    maxKeys: MAX_TRACKED_CLIENT_IPS,
    onSyncError: (error: unknown) => logger().warn({ error }, "rate-limit sync failed"),
  });
  registerShutdownHook("public-rate-limit-sync", () => byIp.close());
  const limiter = { byIp, limit: config().API_PUBLIC_LIMIT_PER_MIN };
  globalForPublicLimit.__mailshieldPublicApiLimit = limiter;
  return limiter;
}

/** The IETF RateLimit header fields sent on every authenticated response. */
export function rateLimitHeaders(decision: RateLimitDecision): Record<string, string> {
  const headers: Record<string, string> = {
    "RateLimit-Limit": String(decision.limit),
    "RateLimit-Remaining": String(decision.remaining),
    "RateLimit-Reset": String(decision.resetSeconds),
  };
  if (!decision.allowed) headers["Retry-After"] = String(decision.resetSeconds);
  return headers;
}
