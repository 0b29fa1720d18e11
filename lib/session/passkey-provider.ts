import "server-only";
import CredentialsProvider from "next-auth/providers/credentials";
import { PASSKEY_CHALLENGE_EXPIRED_CODE } from "@/lib/auth/passkey-messages";
import { tooManyAttemptsError } from "@/lib/auth/sign-in-messages";
import { logger } from "@/lib/logger";
import { signInWithPasskey } from "@/lib/services/passkeys/passkey-sign-in";
import { storeDeviceCookie } from "@/lib/session/device-cookie-jar";

/** The error code the sign-in form receives when sign-in failed for a reason other than credentials. */
const SIGN_IN_UNAVAILABLE = "ServiceUnavailable";

/**
 * "Sign in with a passkey": next-auth's credentials provider with id "passkey", given the
 * challenge id and the browser's assertion (as JSON text). A verified passkey returns its
 * person, and next-auth starts the session exactly as for a password.
 */
export function passkeyProvider(options: {
  clientIp: (headers: Record<string, unknown> | undefined) => string | null;
}) {
  return CredentialsProvider({
    id: "passkey",
    name: "Passkey",
    credentials: {
      challengeId: { label: "Challenge", type: "text" },
      response: { label: "Passkey response", type: "text" },
    },
    async authorize(credentials, req) {
      let attempt: Awaited<ReturnType<typeof signInWithPasskey>>;
      try {
        attempt = await signInWithPasskey(credentials, { ip: options.clientIp(req?.headers) });
      } catch (error) {
        logger().error({ error }, "passkey sign-in failed");
        throw new Error(SIGN_IN_UNAVAILABLE);
      }
      if (attempt.ok) {
        await storeDeviceCookie(attempt.deviceCookie);
        return attempt.user;
      }
      if (attempt.reason === "rate_limited") {
        throw new Error(tooManyAttemptsError(attempt.retryAfterSeconds));
      }
      if (attempt.reason === "challenge_expired") throw new Error(PASSKEY_CHALLENGE_EXPIRED_CODE);
      return null;
    },
  });
}
