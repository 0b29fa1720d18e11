import "server-only";
import {
  type AttemptReservations,
  type FailureLimiter,
  type HeldAttempt,
  releaseAttempts,
  reserveAttempts,
} from "@/lib/rate-limit/failure-limiter";
import { rateLimitKeyForIp } from "@/lib/rate-limit/ip-key";
import { accountKey, type SignInLimiters, signInLimiters } from "@/lib/rate-limit/sign-in-limits";
import {
  type AuthenticatedUser,
  authenticateWithPassword,
} from "@/lib/services/users/authenticate";
import { deviceCookieForUser, trustedDeviceId } from "@/lib/services/users/trusted-device";
import { startTwoFactorChallenge } from "@/lib/services/users/two-factor-challenge";
import type { SecondFactorMethods } from "@/lib/services/users/two-factor-status";

export type SignInAttempt =
  | {
      ok: true;
      user: AuthenticatedUser;
      /** A fresh device cookie value for this browser. */
      deviceCookie: string;
    }
  | { ok: false; reason: "invalid_credentials" }
  /** The password was right; the second factor is next, under this challenge. */
  | {
      ok: false;
      reason: "two_factor_required";
      challenge: string;
      /** The factors the person has, for the step to offer. */
      methods: SecondFactorMethods;
    }
  | { ok: false; reason: "rate_limited"; retryAfterSeconds: number };

/** Who is signing in, as far as the request tells. */
export interface SignInClient {
  ip: string | null;
  /** The device cookie this browser sent, if any (lib/auth/device-cookie.ts). */
  deviceCookie?: string | null;
}

function emailOf(credentials: unknown): string | null {
  if (typeof credentials !== "object" || credentials === null) return null;
  const email = (credentials as { email?: unknown }).email;
  return typeof email === "string" && email.trim() ? email : null;
}

export interface SignInDependencies {
  limiters: SignInLimiters;
  /**
   * Checks the email and password and audits the outcome (injectable so tests can count
   * verifications).
   */
  authenticate: (credentials: unknown, ip: string | null) => Promise<AuthenticatedUser | null>;
}

/**
 * Email + password sign-in with failure limits per account and per client IP (10 and 50
 * failures per 15 minutes). A blocked account or IP is refused before the password is
 * checked, so guessing stops even when the guess would be right; the answer is the same
 * for accounts that exist and for those that do not, because the account key is derived
 * from the typed email, not from a user row.
 *
 * A browser that has signed in to the account before (a valid device cookie) is counted
 * against its own limit of 5 failures instead of the account's, so failures from
 * elsewhere cannot lock the owner out of their own browser. A device cookie that has used
 * up its failures is treated like no cookie at all.
 *
 * Each attempt is reserved as a failure before the password is verified (one atomic
 * compare-and-add per key), so concurrent attempts cannot all slip under the limit: at
 * most `limit` verifications run per window, however many arrive at once. A successful
 * sign-in clears the count it was made under (the account's or the device cookie's) and
 * gives back its IP reservation (the IP's earlier failures stay: one IP trying many
 * accounts is the pattern it exists to stop).
 *
 * For a person with two-factor authentication a correct password starts a challenge
 * instead (lib/services/sign-in/two-factor-sign-in.ts completes it): no session yet.
 */
export async function signInWithLimits(
  credentials: unknown,
  client: SignInClient,
  dependencies: Partial<SignInDependencies> = {},
): Promise<SignInAttempt> {
  const limiters = dependencies.limiters ?? signInLimiters();
  const authenticate = dependencies.authenticate ?? authenticateWithPassword;
  const attempt = await reserveSignInAttempt(limiters, emailOf(credentials), client);
  if (!attempt.granted) {
    return { ok: false, reason: "rate_limited", retryAfterSeconds: attempt.retryAfterSeconds };
  }

  let user: AuthenticatedUser | null;
  try {
    user = await authenticate(credentials, client.ip);
  } catch (error) {
    // Not the client's failure: the verification never finished.
    await releaseAttempts(attempt.held);
    throw error;
  }
  // A wrong password keeps its reservations: they are the recorded failures.
  if (!user) return { ok: false, reason: "invalid_credentials" };
  if (user.twoFactor) {
    // The right password is not a failure, but neither is it a sign-in: the count stays
    // until the second factor passes, so that someone who knows the password cannot
    // clear the failures of their code guesses by typing it again.
    await releaseAttempts(attempt.held);
    return {
      ok: false,
      reason: "two_factor_required",
      challenge: await startTwoFactorChallenge(user.id),
      methods: user.secondFactors ?? { totp: true, passkey: false },
    };
  }
  return {
    ok: true,
    user,
    deviceCookie: await settleSuccessfulSignIn(limiters, attempt.held, user.id),
  };
}

/**
 * Reserves one attempt for the account named by `email` and the client's IP: against this
 * browser's device cookie when it is valid for the account, else against the account. The
 * password step and the second factor's step both count here (the same limit).
 */
export async function reserveSignInAttempt(
  limiters: SignInLimiters,
  email: string | null,
  client: SignInClient,
): Promise<AttemptReservations> {
  const ipKeys: Array<[FailureLimiter, string]> = client.ip
    ? [[limiters.ip, rateLimitKeyForIp(client.ip)]]
    : [];
  const deviceId = email ? await trustedDeviceId(client.deviceCookie, email) : null;
  const attempt = deviceId ? await reserveAttempts([[limiters.device, deviceId], ...ipKeys]) : null;
  if (attempt?.granted) return attempt;
  const accountKeys: Array<[FailureLimiter, string]> = email
    ? [[limiters.account, accountKey(email)]]
    : [];
  return reserveAttempts([...accountKeys, ...ipKeys]);
}

/**
 * After a complete sign-in: clears the count it was made under (the account's or the
 * device cookie's), gives back its IP reservation, and returns a fresh device cookie.
 */
export async function settleSuccessfulSignIn(
  limiters: SignInLimiters,
  held: HeldAttempt[],
  userId: string,
): Promise<string> {
  await Promise.all(
    held.map(({ limiter, key, reservation }) =>
      limiter === limiters.ip ? limiter.release(key, reservation) : limiter.reset(key),
    ),
  );
  return deviceCookieForUser(userId);
}
