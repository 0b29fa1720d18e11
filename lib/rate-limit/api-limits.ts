import type { Plan } from "@/lib/generated/prisma/enums";
import { BatchedWindowLimiter, type RateLimitDecision } from "@/lib/rate-limit/batched-limiter";
import { FailureLimiter } from "@/lib/rate-limit/failure-limiter";
import { getRateLimitStore } from "@/lib/rate-limit/shared-store";
import { registerShutdownHook } from "@/lib/shutdown-hooks";

const MINUTE_MS = 60_000;

function positiveIntFromEnv(name: string, fallback: number): number {
  const value = Number(process.env[name]);
  return Number.isInteger(value) && value > 0 ? value : fallback;
}

/** Failed authentications (401s) one client IP may cause per minute before it gets 429s. */
export function failedAuthLimitPerMinute(): number {
  return positiveIntFromEnv("API_FAILED_AUTH_LIMIT_PER_MIN", 20);
}

/**
 * Requests per minute a token may make on its organization's plan, or null for plans
 * without API access (those requests never get past authentication).
 */
export function tokenRateLimitPerMinute(plan: Plan): number | null {
  switch (plan) {
    case "PRO":
      return 600;
    case "BUSINESS":
      return 3_000;
    case "ENTERPRISE":
      return positiveIntFromEnv("ENTERPRISE_RATE_LIMIT_PER_MIN", 10_000);
    default:
      return null;
  }
}

const globalForLimits = globalThis as typeof globalThis & {
  __mailshieldApiLimits?: { failedAuth: FailureLimiter; tokens: BatchedWindowLimiter };
};

/** The process-wide API limiters (one set per process, also across dev-server reloads). */
export function apiRateLimiters(): { failedAuth: FailureLimiter; tokens: BatchedWindowLimiter } {
  if (globalForLimits.__mailshieldApiLimits) return globalForLimits.__mailshieldApiLimits;
  const store = getRateLimitStore();
  const limits = {
    failedAuth: new FailureLimiter({
      store,
      limit: failedAuthLimitPerMinute(),
      windowMs: MINUTE_MS,
      prefix: "api-auth-fail:ip",
    }),
    tokens: new BatchedWindowLimiter({
      store,
      windowMs: MINUTE_MS,
      syncIntervalMs: positiveIntFromEnv("RATE_LIMIT_SYNC_INTERVAL_MS", 1_000),
      prefix: "api-token",
      onSyncError: (error) =>
        console.error(
          JSON.stringify({ level: "warn", msg: "rate-limit sync failed", error: String(error) }),
        ),
    }),
  };
  registerShutdownHook("rate-limit-sync", () => limits.tokens.close());
  globalForLimits.__mailshieldApiLimits = limits;
  return limits;
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
