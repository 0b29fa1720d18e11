import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { safeCallbackPath } from "@/lib/auth/callback-url";
import { clientIp } from "@/lib/auth/client-ip";
import { resolveAuthSecret } from "@/lib/auth/secret";
import { tooManyAttemptsError, twoFactorRequiredCode } from "@/lib/auth/sign-in-messages";
import { logger } from "@/lib/logger";
import { SESSION_LIFETIME_SECONDS } from "@/lib/services/sessions/lifetime";
import { readLiveSession, signOutSession } from "@/lib/services/sessions/records";
import { signInWithLimits } from "@/lib/services/users/sign-in-with-limits";
import { readDeviceCookie, storeDeviceCookie } from "@/lib/session/device-cookie-jar";
import { passkeyProvider } from "@/lib/session/passkey-provider";
import { startSessionForSignIn } from "@/lib/session/start-session";
import { storeTwoFactorChallengeCookie } from "@/lib/session/two-factor-cookie";
import { twoFactorProvider } from "@/lib/session/two-factor-provider";

// next-auth v4 builds its own absolute URL (used for redirects and to decide whether
// cookies are `Secure`) from NEXTAUTH_URL, or from the request's Host and
// X-Forwarded-Proto headers only when told to trust them. A production server always has
// NEXTAUTH_URL (lib/config.mjs requires it: it is also the base of the links in emails),
// so there it pins the URL, and an https:// one gives `__Secure-` cookies with the Secure
// flag. In development, where it may be unset, the request is trusted. Our own redirects
// are relative paths.
process.env.AUTH_TRUST_HOST ??= "true";

/**
 * Thrown by the jwt callback for a session that has been revoked. next-auth then answers
 * with no session and clears the cookie instead of re-issuing it.
 */
class RevokedSessionError extends Error {
  override name = "RevokedSessionError";
}

/** The error code the sign-in form receives when sign-in failed for a reason other than credentials. */
const SIGN_IN_UNAVAILABLE = "ServiceUnavailable";

export const SESSION_MAX_AGE_SECONDS = SESSION_LIFETIME_SECONDS;

export const authOptions: NextAuthOptions = {
  secret: resolveAuthSecret(),
  // Credentials sign-in only works with JWT sessions. Revocation still happens server-side:
  // the JWT names its session's row (user_sessions) and carries the user's sessionVersion,
  // and getSessionContext and the jwt callback below reject it once the row is gone (signed
  // out from the Sessions list) or the version has moved on (password change).
  session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS, updateAge: 24 * 60 * 60 },
  pages: { signIn: "/login", error: "/login" },
  providers: [
    CredentialsProvider({
      id: "credentials",
      name: "Email and password",
      credentials: {
        email: { label: "Email", type: "email" },
        password: { label: "Password", type: "password" },
      },
      async authorize(credentials, req) {
        let attempt: Awaited<ReturnType<typeof signInWithLimits>>;
        try {
          attempt = await signInWithLimits(credentials, {
            ip: requestClientIp(req?.headers),
            deviceCookie: await readDeviceCookie(),
          });
        } catch (error) {
          // next-auth sends a thrown message to the browser; keep database details in the
          // server log and give the sign-in form a code it can explain.
          logger().error({ error }, "sign-in failed");
          throw new Error(SIGN_IN_UNAVAILABLE);
        }
        if (attempt.ok) {
          await storeDeviceCookie(attempt.deviceCookie);
          return attempt.user;
        }
        if (attempt.reason === "rate_limited")
          throw new Error(tooManyAttemptsError(attempt.retryAfterSeconds));
        if (attempt.reason === "two_factor_required") {
          // No session yet: the form asks for the second factor, which the "two-factor"
          // provider checks against this challenge.
          await storeTwoFactorChallengeCookie(attempt.challenge);
          throw new Error(twoFactorRequiredCode(attempt.methods));
        }
        return null;
      },
    }),
    passkeyProvider({ clientIp: requestClientIp }),
    twoFactorProvider(requestClientIp),
  ],
  events: {
    // The app signs out through signOutAction; this covers a direct POST to next-auth's
    // own /api/auth/signout so that it, too, ends the session on the server.
    async signOut({ token }) {
      if (token?.userId && token.sessionId) await signOutSession(token.userId, token.sessionId);
    },
  },
  logger: {
    error(code, metadata) {
      // A revoked session is an expected answer, not a server error worth a stack trace.
      if (metadata instanceof RevokedSessionError) return;
      logger().error({ code, error: metadata }, "next-auth error");
    },
  },
  callbacks: {
    // Where next-auth sends the browser after sign-in and sign-out (the callbackUrl of its
    // endpoints and cookie): the same rule as the sign-in page, on next-auth's own origin.
    redirect({ url, baseUrl }) {
      return new URL(safeCallbackPath(url, baseUrl), baseUrl).toString();
    },
    // Runs whenever next-auth itself reads the session (GET /api/auth/session and the
    // other /api/auth endpoints), which would otherwise re-issue a revoked session's
    // cookie for another week. The dashboard checks the same row in getSessionContext.
    async jwt({ token, user }) {
      // `user` is only present right after a provider signed someone in: whichever it was
      // (password, a second factor, a passkey), the session is recorded here.
      if (user) {
        token.userId = user.id;
        token.sessionVersion = user.sessionVersion;
        token.sessionId = await startSessionForSignIn(user.id);
        return token;
      }
      const { userId, sessionId, sessionVersion } = token;
      const live =
        typeof userId === "string" &&
        typeof sessionId === "string" &&
        typeof sessionVersion === "number" &&
        (await readLiveSession({ userId, sessionId, sessionVersion }));
      if (!live) throw new RevokedSessionError("The session has been revoked");
      return token;
    },
    session({ session, token }) {
      return { ...session, userId: token.userId, sessionVersion: token.sessionVersion };
    },
  },
};

/** next-auth v4 hands authorize() the request headers as a plain object. */
function requestClientIp(headers: Record<string, unknown> | undefined): string | null {
  if (!headers) return null;
  const read = (name: string) => {
    const value = headers[name] ?? headers[name.toLowerCase()];
    return typeof value === "string" ? value : null;
  };
  return clientIp({ get: read });
}
