import "server-only";
import { createHash } from "node:crypto";
import { config } from "@/lib/config";
import { FailureLimiter } from "@/lib/rate-limit/failure-limiter";
import { getRateLimitStore } from "@/lib/rate-limit/shared-store";
import type { ReservingRateLimitStore } from "@/lib/rate-limit/store";

const FIFTEEN_MINUTES_MS = 15 * 60_000;

export const SIGN_IN_ACCOUNT_LIMIT = 10;
/** Failures allowed per device cookie: enough for typos, too few to guess with a stolen one. */
export const SIGN_IN_DEVICE_LIMIT = 5;

// The per-IP limit (SIGN_IN_IP_FAILURE_LIMIT, default 50) can be raised where many users
// share one address (a corporate NAT) or where test suites sign in wrongly on purpose, run
// after run, from one machine.
function ipLimit(): number {
  return config().SIGN_IN_IP_FAILURE_LIMIT;
}

export interface SignInLimiters {
  /** Browsers without a device cookie for the account, all together. */
  account: FailureLimiter;
  ip: FailureLimiter;
  /** Each device cookie on its own (lib/auth/device-cookie.ts). */
  device: FailureLimiter;
}

export function createSignInLimiters(
  store: ReservingRateLimitStore,
  now?: () => Date,
): SignInLimiters {
  return {
    account: new FailureLimiter({
      store,
      limit: SIGN_IN_ACCOUNT_LIMIT,
      windowMs: FIFTEEN_MINUTES_MS,
      prefix: "signin-fail:account",
      now,
    }),
    ip: new FailureLimiter({
      store,
      limit: ipLimit(),
      windowMs: FIFTEEN_MINUTES_MS,
      prefix: "signin-fail:ip",
      now,
    }),
    device: new FailureLimiter({
      store,
      limit: SIGN_IN_DEVICE_LIMIT,
      windowMs: FIFTEEN_MINUTES_MS,
      prefix: "signin-fail:device",
      now,
    }),
  };
}

const globalForSignIn = globalThis as typeof globalThis & {
  __mailshieldSignInLimiters?: SignInLimiters;
};

export function signInLimiters(): SignInLimiters {
  globalForSignIn.__mailshieldSignInLimiters ??= createSignInLimiters(getRateLimitStore());
  return globalForSignIn.__mailshieldSignInLimiters;
}

/**
 * The account key is a hash of the normalized email: the counter table then holds no
 * email addresses, and an unknown email is counted exactly like a real one (no enumeration).
 */
export function accountKey(email: string): string {
  return createHash("sha256").update(email.trim().toLowerCase()).digest("hex").slice(0, 32);
}
