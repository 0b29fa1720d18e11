import "server-only";
import { clock } from "@/lib/clock";
import { rateLimitKeyForIp } from "@/lib/rate-limit/ip-key";
import { getRateLimitStore } from "@/lib/rate-limit/shared-store";
import { type RateLimitStore, secondsUntil } from "@/lib/rate-limit/store";

// "Sign in with a passkey" first asks for a challenge, which anyone may do (nobody is signed
// in yet) and which writes a row. Far more than a person ever needs per minute, far fewer
// than a flood: the table stays small, whatever one address sends.

export const PASSKEY_SIGN_IN_CHALLENGES_PER_MINUTE = 30;
const ONE_MINUTE_MS = 60_000;

export type ChallengeAdmission = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** Counts one challenge for the client IP (IPv6: its /64) and says whether it may be issued. */
export async function admitPasskeySignInChallenge(
  clientIp: string,
  store: RateLimitStore = getRateLimitStore(),
  now: Date = clock.now(),
): Promise<ChallengeAdmission> {
  const [current] = await store.incrementMany(
    [{ key: `passkey-challenge:ip:${rateLimitKeyForIp(clientIp)}`, by: 1 }],
    ONE_MINUTE_MS,
    now,
  );
  if (!current || current.count <= PASSKEY_SIGN_IN_CHALLENGES_PER_MINUTE) return { allowed: true };
  return { allowed: false, retryAfterSeconds: secondsUntil(current.resetAt, now) };
}
