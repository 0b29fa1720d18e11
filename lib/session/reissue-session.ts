import "server-only";
import { cookies } from "next/headers";
import { encode } from "next-auth/jwt";
import { resolveAuthSecret } from "@/lib/auth/secret";
import { SESSION_MAX_AGE_SECONDS } from "@/lib/session/options";
import { readSessionCookie } from "@/lib/session/session-cookie";

/**
 * Re-issues this browser's session JWT with a new session version, so the browser that
 * changed the password stays signed in while every other session is rejected. Returns
 * false when the session cookie could not be read (the caller then asks the user to sign
 * in again).
 */
export async function reissueSessionWithVersion(sessionVersion: number): Promise<boolean> {
  const current = await readSessionCookie();
  if (!current?.token) return false;
  const value = await encode({
    token: { ...current.token, sessionVersion },
    secret: resolveAuthSecret(),
    maxAge: SESSION_MAX_AGE_SECONDS,
  });
  (await cookies()).set(current.name, value, {
    httpOnly: true,
    sameSite: "lax",
    path: "/",
    secure: current.name.startsWith("__Secure-"),
    maxAge: SESSION_MAX_AGE_SECONDS,
  });
  return true;
}
