import { type BrowserContext, expect } from "@playwright/test";

/** The session cookie a browser holds now, as a Cookie header a thief could replay. */
export async function sessionCookieHeader(context: BrowserContext): Promise<string> {
  const cookies = await context.cookies();
  const session = cookies.filter((cookie) => cookie.name.endsWith("next-auth.session-token"));
  expect(session).toHaveLength(1);
  return session.map((cookie) => `${cookie.name}=${cookie.value}`).join("; ");
}

/**
 * Replays a revoked session cookie on next-auth's own session endpoint: it must answer
 * with no user and must not hand out a fresh session cookie (only a deletion).
 */
export async function expectNoSessionFromNextAuth(baseURL: string, cookie: string) {
  const response = await fetch(new URL("/api/auth/session", baseURL), { headers: { cookie } });
  expect(response.status).toBe(200);
  const body = (await response.json()) as Record<string, unknown> | null;
  expect(body?.user).toBeUndefined();
  expect(body?.userId).toBeUndefined();
  for (const setCookie of response.headers.getSetCookie()) {
    const [pair = "", ...attributes] = setCookie.split(";");
    if (!pair.split("=")[0]?.endsWith("next-auth.session-token")) continue;
    // A deletion: empty value, expiring in the past.
    expect(pair.slice(pair.indexOf("=") + 1)).toBe("");
    const expires = attributes.find((part) => /^\s*expires=/i.test(part));
    expect(new Date(expires?.split("=")[1] ?? 0).getTime()).toBeLessThanOrEqual(Date.now());
  }
}
