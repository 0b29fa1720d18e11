import "server-only";
import {
  deviceCookieAccountKey,
  issueDeviceCookie,
  verifyDeviceCookie,
} from "@/lib/auth/device-cookie";
import { db } from "@/lib/db";
import { accountKey } from "@/lib/rate-limit/sign-in-limits";

/**
 * The device id of this browser's device cookie when it is valid for the typed email (see
 * lib/auth/device-cookie.ts), else null. A browser without a cookie for this account
 * costs no query.
 */
export async function trustedDeviceId(
  deviceCookie: string | null | undefined,
  email: string,
): Promise<string | null> {
  const key = accountKey(email);
  if (!deviceCookie || deviceCookieAccountKey(deviceCookie) !== key) return null;
  const user = await db.user.findUnique({
    where: { email: email.trim().toLowerCase() },
    select: { passwordHash: true },
  });
  if (!user) return null;
  return verifyDeviceCookie(deviceCookie, { accountKey: key, passwordHash: user.passwordHash });
}

/** A fresh device cookie for a browser that has just proved it knows the user's password. */
export async function deviceCookieForUser(userId: string): Promise<string> {
  const user = await db.user.findUniqueOrThrow({
    where: { id: userId },
    select: { email: true, passwordHash: true },
  });
  return issueDeviceCookie({ accountKey: accountKey(user.email), passwordHash: user.passwordHash });
}
