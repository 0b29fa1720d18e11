import { cookies } from "next/headers";
import { decode, encode } from "next-auth/jwt";
import { SESSION_MAX_AGE_SECONDS } from "@/lib/auth/options";
import { resolveAuthSecret } from "@/lib/auth/secret";

// The names next-auth v4 gives the session cookie over HTTP and HTTPS. Our JWTs are far
// below the 4 KB at which next-auth splits the cookie into chunks.
const SESSION_COOKIES = ["__Secure-next-auth.session-token", "next-auth.session-token"] as const;

/**
 * Re-issues this browser's session JWT with a new session version, so the browser that
 * changed the password stays signed in while every other session is rejected. Returns
 * false when the session cookie could not be read (the caller then asks the user to sign
 * in again).
 */
export async function reissueSessionWithVersion(sessionVersion: number): Promise<boolean> {
  const cookieStore = await cookies();
  const secret = resolveAuthSecret();
  for (const name of SESSION_COOKIES) {
    const current = cookieStore.get(name)?.value;
    if (!current) continue;
    const token = await decode({ token: current, secret }).catch(() => null);
    if (!token) return false;
    const value = await encode({
      token: { ...token, sessionVersion },
      secret,
      maxAge: SESSION_MAX_AGE_SECONDS,
    });
    cookieStore.set(name, value, {
      httpOnly: true,
      sameSite: "lax",
      path: "/",
      secure: name.startsWith("__Secure-"),
      maxAge: SESSION_MAX_AGE_SECONDS,
    });
    return true;
  }
  return false;
}
