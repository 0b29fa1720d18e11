import "server-only";
import { db } from "@/lib/db";
import { isAppError } from "@/lib/errors";
import { releaseAttempts, reserveAttempts } from "@/lib/rate-limit/failure-limiter";
import { rateLimitKeyForIp } from "@/lib/rate-limit/ip-key";
import { type SignInLimiters, signInLimiters } from "@/lib/rate-limit/sign-in-limits";
import { recordAccountEvent } from "@/lib/services/audit/record-audit-event";
import { deviceCookieForUser } from "@/lib/services/users/trusted-device";
import { passkeySignInCredentialsSchema } from "@/lib/validations/passkeys";
import { type PasskeyUser, verifyPasskeySignIn } from "./authenticate-passkey";

export type PasskeySignInAttempt =
  | { ok: true; user: PasskeyUser; deviceCookie: string }
  /** A spent, lapsed or unknown challenge: ask for a new one and try again. */
  | { ok: false; reason: "challenge_expired" }
  | { ok: false; reason: "not_accepted" }
  | { ok: false; reason: "rate_limited"; retryAfterSeconds: number };

/**
 * next-auth's "passkey" provider: signs a person in with a passkey alone. A refused
 * assertion counts against the client IP's sign-in failures, like a wrong password (there
 * is no account to count against before the passkey is known, and a guessed signature
 * never verifies). Success and, for a known passkey, failure are audited in each of the
 * person's organizations, with the method.
 */
export async function signInWithPasskey(
  credentials: unknown,
  client: { ip: string | null },
  dependencies: { limiters?: SignInLimiters } = {},
): Promise<PasskeySignInAttempt> {
  const limiters = dependencies.limiters ?? signInLimiters();
  const attempt = await reserveAttempts(
    client.ip ? [[limiters.ip, rateLimitKeyForIp(client.ip)]] : [],
  );
  if (!attempt.granted) {
    return { ok: false, reason: "rate_limited", retryAfterSeconds: attempt.retryAfterSeconds };
  }
  const parsed = passkeySignInCredentialsSchema.safeParse(credentials);
  if (!parsed.success) return { ok: false, reason: "not_accepted" };

  let outcome: Awaited<ReturnType<typeof verifyPasskeySignIn>>;
  try {
    outcome = await verifyPasskeySignIn(parsed.data.challengeId, parsed.data.response);
  } catch (error) {
    if (isAppError(error) && error.code === "bad_request") {
      return { ok: false, reason: "challenge_expired" };
    }
    await releaseAttempts(attempt.held);
    throw error;
  }
  if (!outcome.ok) {
    if (outcome.userId) await audit(outcome.userId, "user.sign_in_failed", client.ip);
    return { ok: false, reason: "not_accepted" };
  }
  await releaseAttempts(attempt.held);
  await audit(outcome.user.id, "user.signed_in", client.ip);
  return { ok: true, user: outcome.user, deviceCookie: await deviceCookieForUser(outcome.user.id) };
}

async function audit(
  userId: string,
  action: "user.signed_in" | "user.sign_in_failed",
  ip: string | null,
): Promise<void> {
  await db.$transaction((tx) =>
    recordAccountEvent(tx, { userId, action, ip, metadata: { method: "passkey" } }),
  );
}
