import "server-only";
import { cookies } from "next/headers";
import { decode, type JWT } from "next-auth/jwt";
import { resolveAuthSecret } from "@/lib/auth/secret";

// The names next-auth v4 gives the session cookie over HTTPS and HTTP. Our JWTs are far
// below the 4 KB at which next-auth splits the cookie into chunks.
export const SESSION_COOKIES = [
  "__Secure-next-auth.session-token",
  "next-auth.session-token",
] as const;

export interface SessionCookie {
  name: (typeof SESSION_COOKIES)[number];
  /** The decoded JWT, or null when the cookie is not one we issued (or has expired). */
  token: JWT | null;
}

/** This request's session cookie, decoded, or null when the browser sent none. */
export async function readSessionCookie(): Promise<SessionCookie | null> {
  const cookieStore = await cookies();
  for (const name of SESSION_COOKIES) {
    const value = cookieStore.get(name)?.value;
    if (!value) continue;
    const token = await decode({ token: value, secret: resolveAuthSecret() }).catch(() => null);
    return { name, token };
  }
  return null;
}
