import "server-only";
import { cookies } from "next/headers";
import {
  DEVICE_COOKIE_MAX_AGE_SECONDS,
  DEVICE_COOKIE_NAME,
  DEVICE_COOKIE_PATH,
} from "@/lib/auth/device-cookie";
import { cookiesAreSecure } from "@/lib/session/cookie-security";

// Reading and setting the device cookie on the sign-in request (next-auth's credentials
// callback, a route handler, whose response carries cookies set here) and after a
// password change (a server action).

export async function readDeviceCookie(): Promise<string | null> {
  return (await cookies()).get(DEVICE_COOKIE_NAME)?.value ?? null;
}

/** Stores a device cookie in the browser, `Secure` exactly when next-auth's cookies are. */
export async function storeDeviceCookie(value: string): Promise<void> {
  (await cookies()).set(DEVICE_COOKIE_NAME, value, {
    httpOnly: true,
    sameSite: "lax",
    secure: await cookiesAreSecure(),
    path: DEVICE_COOKIE_PATH,
    maxAge: DEVICE_COOKIE_MAX_AGE_SECONDS,
  });
}
