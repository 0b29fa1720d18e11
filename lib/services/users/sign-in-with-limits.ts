import type { User } from "next-auth";
import type { FailureCount, FailureLimiter } from "@/lib/rate-limit/failure-limiter";
import { rateLimitKeyForIp } from "@/lib/rate-limit/ip-key";
import { accountKey, type SignInLimiters, signInLimiters } from "@/lib/rate-limit/sign-in-limits";
import { authenticateWithPassword } from "@/lib/services/users/authenticate";

export type SignInAttempt =
  | { ok: true; user: User }
  | { ok: false; reason: "invalid_credentials" }
  | { ok: false; reason: "rate_limited"; retryAfterSeconds: number };

function emailOf(credentials: unknown): string | null {
  if (typeof credentials !== "object" || credentials === null) return null;
  const email = (credentials as { email?: unknown }).email;
  return typeof email === "string" && email.trim() ? email : null;
}

/**
 * Email + password sign-in with failure limits per account and per client IP (10 and 50
 * failures per 15 minutes). A blocked account or IP is refused before the password is
 * checked, so guessing stops even when the guess would be right; the answer is the same
 * for accounts that exist and for those that do not, because the account key is derived
 * from the typed email, not from a user row. A successful sign-in clears the account's
 * count (the IP's stays: one IP trying many accounts is the pattern it exists to stop).
 */
export async function signInWithLimits(
  credentials: unknown,
  clientIp: string | null,
  limiters: SignInLimiters = signInLimiters(),
): Promise<SignInAttempt> {
  const email = emailOf(credentials);
  const checks: Array<[FailureLimiter, string]> = [];
  if (email) checks.push([limiters.account, accountKey(email)]);
  if (clientIp) checks.push([limiters.ip, rateLimitKeyForIp(clientIp)]);

  const states = await Promise.all(checks.map(([limiter, key]) => limiter.check(key)));
  const blocked = longestBlock(states);
  if (blocked) return { ok: false, reason: "rate_limited", retryAfterSeconds: blocked };

  const user = await authenticateWithPassword(credentials);
  if (user) {
    if (email) await limiters.account.reset(accountKey(email));
    return { ok: true, user };
  }
  await Promise.all(checks.map(([limiter, key]) => limiter.recordFailure(key)));
  return { ok: false, reason: "invalid_credentials" };
}

function longestBlock(states: FailureCount[]): number | null {
  const blocked = states.filter((state) => state.blocked);
  if (blocked.length === 0) return null;
  return Math.max(...blocked.map((state) => state.retryAfterSeconds));
}
