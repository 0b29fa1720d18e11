import "server-only";
import CredentialsProvider from "next-auth/providers/credentials";
import { PASSKEY_CHALLENGE_EXPIRED_CODE } from "@/lib/auth/passkey-messages";
import { TWO_FACTOR_EXPIRED_CODE, tooManyAttemptsError } from "@/lib/auth/sign-in-messages";
import { logger } from "@/lib/logger";
import {
  completeTwoFactorSignIn,
  type SecondFactor,
} from "@/lib/services/sign-in/two-factor-sign-in";
import { readDeviceCookie, storeDeviceCookie } from "@/lib/session/device-cookie-jar";
import {
  clearTwoFactorChallengeCookie,
  readTwoFactorChallengeCookie,
} from "@/lib/session/two-factor-cookie";
import { passkeySignInCredentialsSchema } from "@/lib/validations/passkeys";

/** The error code the form receives when the check could not run (not the person's fault). */
const SIGN_IN_UNAVAILABLE = "ServiceUnavailable";

/**
 * The sign-in's second step: the challenge cookie the password step set, plus an
 * authenticator-app code, a recovery code, or a passkey's assertion (`challengeId` from
 * POST /api/auth/two-factor/passkey and the `response` as JSON text). The session starts
 * here and only here for a person with two-factor (the password provider returns no user
 * for them).
 */
export function twoFactorProvider(
  clientIpOf: (headers: Record<string, unknown> | undefined) => string | null,
) {
  return CredentialsProvider({
    id: "two-factor",
    name: "Two-factor authentication",
    credentials: {
      code: { label: "Authentication code", type: "text" },
      method: { label: "Method", type: "text" },
      challengeId: { label: "Passkey challenge", type: "text" },
      response: { label: "Passkey response", type: "text" },
    },
    async authorize(credentials, req) {
      const factor = secondFactorOf(credentials);
      if (!factor) return null;
      let attempt: Awaited<ReturnType<typeof completeTwoFactorSignIn>>;
      try {
        attempt = await completeTwoFactorSignIn(await readTwoFactorChallengeCookie(), factor, {
          ip: clientIpOf(req?.headers),
          deviceCookie: await readDeviceCookie(),
        });
      } catch (error) {
        logger().error({ error }, "two-factor sign-in failed");
        throw new Error(SIGN_IN_UNAVAILABLE);
      }
      if (attempt.ok) {
        await clearTwoFactorChallengeCookie();
        await storeDeviceCookie(attempt.deviceCookie);
        return attempt.user;
      }
      if (attempt.reason === "rate_limited")
        throw new Error(tooManyAttemptsError(attempt.retryAfterSeconds));
      if (attempt.reason === "challenge_expired") {
        await clearTwoFactorChallengeCookie();
        throw new Error(TWO_FACTOR_EXPIRED_CODE);
      }
      if (attempt.reason === "passkey_challenge_expired") {
        throw new Error(PASSKEY_CHALLENGE_EXPIRED_CODE);
      }
      return null;
    },
  });
}

/** The factor the form sent, or null for input no form sends (refused like a wrong code). */
export function secondFactorOf(
  credentials: Record<string, unknown> | undefined,
): SecondFactor | null {
  if (credentials?.method === "passkey") {
    const parsed = passkeySignInCredentialsSchema.safeParse(credentials);
    return parsed.success ? { kind: "passkey", ...parsed.data } : null;
  }
  const code = credentials?.code;
  if (typeof code !== "string" || code.length === 0 || code.length > 64) return null;
  if (credentials?.method === "recovery") return { kind: "recovery", code };
  if (credentials?.method === "totp") return { kind: "totp", code };
  return null;
}
