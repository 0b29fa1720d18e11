import "server-only";
import { cookies } from "next/headers";
import { TWO_FACTOR_CHALLENGE_TTL_MS } from "@/lib/services/users/two-factor-challenge";
import { cookiesAreSecure } from "@/lib/session/cookie-security";

// The sign-in challenge between the password and the second factor travels in an httpOnly
// cookie, set by the password step and read by the "two-factor" provider: the browser's
// script never sees it, and it goes only to next-auth's endpoints.

const COOKIE_NAME = "ms_2fa";
const COOKIE_PATH = "/api/auth";

export async function readTwoFactorChallengeCookie(): Promise<string | null> {
  return (await cookies()).get(COOKIE_NAME)?.value ?? null;
}

export async function storeTwoFactorChallengeCookie(challenge: string): Promise<void> {
  (await cookies()).set(COOKIE_NAME, challenge, {
    httpOnly: true,
    sameSite: "lax",
    secure: await cookiesAreSecure(),
    path: COOKIE_PATH,
    maxAge: Math.floor(TWO_FACTOR_CHALLENGE_TTL_MS / 1000),
  });
}

export async function clearTwoFactorChallengeCookie(): Promise<void> {
  (await cookies()).set(COOKIE_NAME, "", {
    httpOnly: true,
    sameSite: "lax",
    secure: await cookiesAreSecure(),
    path: COOKIE_PATH,
    maxAge: 0,
  });
}
