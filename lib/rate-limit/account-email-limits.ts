import "server-only";
import { clock } from "@/lib/clock";
import { config } from "@/lib/config";
import { rateLimitKeyForIp } from "@/lib/rate-limit/ip-key";
import { getRateLimitStore } from "@/lib/rate-limit/shared-store";
import { accountKey } from "@/lib/rate-limit/sign-in-limits";
import { type RateLimitStore, secondsUntil } from "@/lib/rate-limit/store";

const ONE_HOUR_MS = 60 * 60_000;

/** Emails of one kind one address may be sent per hour: enough for a lost email or two. */
export const ACCOUNT_EMAILS_PER_ADDRESS = 5;

/** Which email is asked for: each kind is counted on its own. */
export type AccountEmailKind = "password-reset" | "verification";

export type AccountEmailAdmission =
  | { allowed: true }
  | { allowed: false; retryAfterSeconds: number };

export interface AccountEmailLimiterOptions {
  store: RateLimitStore;
  /** Requests per client IP (IPv6: per /64) and hour; default ACCOUNT_EMAIL_IP_LIMIT. */
  ipLimit?: number;
  /** Requests per address and hour; default ACCOUNT_EMAILS_PER_ADDRESS. */
  addressLimit?: number;
  now?: () => Date;
}

/**
 * Counts requests for an account email (a password reset, a verification link) per
 * address and per client IP, in fixed one-hour windows of the shared store, so that
 * nobody can flood a mailbox or make MailShield a source of spam. Every request counts,
 * whether or not the address has an account: the count is kept on a hash of the address,
 * and an address without an account is limited exactly like one with it (no enumeration).
 */
export class AccountEmailLimiter {
  readonly ipLimit: number;
  readonly addressLimit: number;
  private readonly now: () => Date;

  constructor(private readonly options: AccountEmailLimiterOptions) {
    this.ipLimit = options.ipLimit ?? config().ACCOUNT_EMAIL_IP_LIMIT;
    this.addressLimit = options.addressLimit ?? ACCOUNT_EMAILS_PER_ADDRESS;
    this.now = options.now ?? clock.now;
  }

  /** Counts one request (first, atomically, then judged: racing requests cannot all pass). */
  async admit(
    kind: AccountEmailKind,
    request: { email: string; ip: string | null },
  ): Promise<AccountEmailAdmission> {
    const now = this.now();
    const keys = [{ key: `${kind}:account:${accountKey(request.email)}`, by: 1 }];
    if (request.ip) keys.push({ key: `${kind}:ip:${rateLimitKeyForIp(request.ip)}`, by: 1 });
    const [perAddress, perIp] = await this.options.store.incrementMany(keys, ONE_HOUR_MS, now);
    const over = [
      perAddress && perAddress.count > this.addressLimit ? perAddress : null,
      perIp && perIp.count > this.ipLimit ? perIp : null,
    ].filter((count) => count !== null);
    if (over.length === 0) return { allowed: true };
    const resetAt = Math.max(...over.map((count) => count.resetAt.getTime()));
    return { allowed: false, retryAfterSeconds: secondsUntil(new Date(resetAt), now) };
  }
}

const globalForLimiter = globalThis as typeof globalThis & {
  __mailshieldAccountEmailLimiter?: AccountEmailLimiter;
};

export function accountEmailLimiter(): AccountEmailLimiter {
  globalForLimiter.__mailshieldAccountEmailLimiter ??= new AccountEmailLimiter({
    store: getRateLimitStore(),
  });
  return globalForLimiter.__mailshieldAccountEmailLimiter;
}

/** The refusal's words, with the wait rounded up to whole minutes. */
export function tooManyAccountEmailsMessage(retryAfterSeconds: number): string {
  const minutes = Math.max(1, Math.ceil(retryAfterSeconds / 60));
  return `Too many emails asked for; try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`;
}
