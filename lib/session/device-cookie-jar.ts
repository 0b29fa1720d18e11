import "server-only";
import { cookies, headers } from "next/headers";
import {
  DEVICE_COOKIE_MAX_AGE_SECONDS,
  DEVICE_COOKIE_NAME,
  DEVICE_COOKIE_PATH,
} from "@/lib/auth/device-cookie";
import { config } from "@/lib/config";

// Reading and setting the device cookie on the sign-in request (next-auth's credentials
// callback, a route handler, whose response carries cookies set here) and after a
// password change (a server action).

export async function readDeviceCookie(): Promise<string | null> {
  return (await cookies()).get(DEVICE_COOKIE_NAME)?.value ?? null;
}

/**
 * Stores a device cookie in the browser. It is `Secure` exactly when next-auth's own
 * cookies are: NEXTAUTH_URL's scheme when set, else HTTPS unless the request arrived as
 * plain HTTP (X-Forwarded-Proto, which Next sets from the connection or a TLS proxy).
 */
export async function storeDeviceCookie(value: string): Promise<void> {
  const configured = config().NEXTAUTH_URL;
  const forwardedProto = (await headers()).get("x-forwarded-proto")?.split(",")[0]?.trim();
  const secure = configured ? configured.startsWith("https://") : forwardedProto !== "http";
  (await cookies()).set(DEVICE_COOKIE_NAME, value, {
    httpOnly: true,
    sameSite: "lax",
    secure,
    path: DEVICE_COOKIE_PATH,
    maxAge: DEVICE_COOKIE_MAX_AGE_SECONDS,
  });
}
