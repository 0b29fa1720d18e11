import "server-only";
import { clock } from "@/lib/clock";
import { config } from "@/lib/config";
import { rateLimitKeyForIp } from "@/lib/rate-limit/ip-key";
import { getRateLimitStore } from "@/lib/rate-limit/shared-store";
import { type RateLimitStore, secondsUntil } from "@/lib/rate-limit/store";

const ONE_HOUR_MS = 60 * 60_000;

export type SignUpAdmission = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export interface SignUpLimiterOptions {
  store: RateLimitStore;
  /** Sign-up attempts allowed per client IP (IPv6: per /64) and hour. */
  limit?: number;
  now?: () => Date;
}

/**
 * Counts sign-up attempts per client IP in the shared store, in fixed one-hour windows.
 * Every attempt counts, not only successful ones: an attempt with a taken email tells the
 * caller that the account exists, so probing is limited by the same count.
 */
export class SignUpLimiter {
  readonly limit: number;
  private readonly now: () => Date;

  constructor(private readonly options: SignUpLimiterOptions) {
    // Like the sign-in IP limit, raisable (SIGN_UP_IP_LIMIT) where many people sign up from
    // one address (a classroom behind one NAT) or where test suites create accounts.
    this.limit = options.limit ?? config().SIGN_UP_IP_LIMIT;
    this.now = options.now ?? clock.now;
  }

  /**
   * Counts one attempt and says whether it may go on. The count is taken first (one atomic
   * increment) and judged afterwards, so attempts racing each other cannot all see room
   * left: whatever the interleaving, only `limit` of them per window are allowed.
   */
  async admit(clientIp: string): Promise<SignUpAdmission> {
    const now = this.now();
    const [current] = await this.options.store.incrementMany(
      [{ key: `signup:ip:${rateLimitKeyForIp(clientIp)}`, by: 1 }],
      ONE_HOUR_MS,
      now,
    );
    if (!current || current.count <= this.limit) return { allowed: true };
    return { allowed: false, retryAfterSeconds: secondsUntil(current.resetAt, now) };
  }
}

const globalForSignUp = globalThis as typeof globalThis & {
  __mailshieldSignUpLimiter?: SignUpLimiter;
};

export function signUpLimiter(): SignUpLimiter {
  globalForSignUp.__mailshieldSignUpLimiter ??= new SignUpLimiter({ store: getRateLimitStore() });
  return globalForSignUp.__mailshieldSignUpLimiter;
}

/** The form's message for a refused sign-up, with the wait rounded up to whole minutes. */
export function tooManySignUpsMessage(retryAfterSeconds: number): string {
  const minutes = Math.max(1, Math.ceil(retryAfterSeconds / 60));
  return `Too many accounts created from this network; try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`;
}
