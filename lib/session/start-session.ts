import "server-only";
import { headers } from "next/headers";
import { after } from "next/server";
import { clientIp } from "@/lib/auth/client-ip";
import { DEVICE_COOKIE_NAME } from "@/lib/auth/device-cookie";
import { logger } from "@/lib/logger";
import { emailIfNewBrowser } from "@/lib/services/sessions/new-sign-in-email";
import { startSession } from "@/lib/services/sessions/records";

/**
 * Records the session of someone next-auth has just signed in, by whichever provider (the
 * jwt callback's sign-in branch), with the browser's IP and user agent, and emails them
 * after the response when the browser is new to the account.
 */
export async function startSessionForSignIn(userId: string): Promise<string> {
  const requestHeaders = await headers();
  const ip = clientIp(requestHeaders);
  const userAgent = requestHeaders.get("user-agent");
  const { sessionId } = await startSession({ userId, ip, userAgent });
  // The cookie as the browser sent it: the credentials provider has already set a fresh
  // one on the response, which the cookie store would answer with.
  const deviceCookie = cookieFromHeader(requestHeaders.get("cookie"), DEVICE_COOKIE_NAME);
  after(async () => {
    try {
      await emailIfNewBrowser({ userId, ip, userAgent, deviceCookie });
    } catch (error) {
      logger().error({ error }, "new sign-in email failed");
    }
  });
  return sessionId;
}

function cookieFromHeader(header: string | null, name: string): string | null {
  for (const part of header?.split(";") ?? []) {
    const separator = part.indexOf("=");
    if (separator > 0 && part.slice(0, separator).trim() === name) {
      return part.slice(separator + 1).trim();
    }
  }
  return null;
}
