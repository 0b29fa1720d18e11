import type { User } from "next-auth";
import {
  type FailureLimiter,
  releaseAttempts,
  reserveAttempts,
} from "@/lib/rate-limit/failure-limiter";
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

export interface SignInDependencies {
  limiters: SignInLimiters;
  /** Checks the email and password (injectable so tests can count verifications). */
  authenticate: (credentials: unknown) => Promise<User | null>;
}

/**
 * Email + password sign-in with failure limits per account and per client IP (10 and 50
 * failures per 15 minutes). A blocked account or IP is refused before the password is
 * checked, so guessing stops even when the guess would be right; the answer is the same
 * for accounts that exist and for those that do not, because the account key is derived
 * from the typed email, not from a user row.
 *
 * Each attempt is reserved as a failure before the password is verified (one atomic
 * compare-and-add per key), so concurrent attempts cannot all slip under the limit: at
 * most `limit` verifications run per window, however many arrive at once. A successful
 * sign-in clears the account's count and gives back its IP reservation (the IP's earlier
 * failures stay: one IP trying many accounts is the pattern it exists to stop).
 */
export async function signInWithLimits(
  credentials: unknown,
  clientIp: string | null,
  dependencies: Partial<SignInDependencies> = {},
): Promise<SignInAttempt> {
  const limiters = dependencies.limiters ?? signInLimiters();
  const authenticate = dependencies.authenticate ?? authenticateWithPassword;
  const email = emailOf(credentials);
  const keys: Array<[FailureLimiter, string]> = [];
  if (email) keys.push([limiters.account, accountKey(email)]);
  if (clientIp) keys.push([limiters.ip, rateLimitKeyForIp(clientIp)]);

  const attempt = await reserveAttempts(keys);
  if (!attempt.granted) {
    return { ok: false, reason: "rate_limited", retryAfterSeconds: attempt.retryAfterSeconds };
  }
  let user: User | null;
  try {
    user = await authenticate(credentials);
  } catch (error) {
    // Not the client's failure: the verification never finished.
    await releaseAttempts(attempt.held);
    throw error;
  }
  // A wrong password keeps its reservations: they are the recorded failures.
  if (!user) return { ok: false, reason: "invalid_credentials" };
  await Promise.all(
    attempt.held.map(({ limiter, key, reservation }) =>
      limiter === limiters.account ? limiter.reset(key) : limiter.release(key, reservation),
    ),
  );
  return { ok: true, user };
}
