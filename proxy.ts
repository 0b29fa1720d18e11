// Next.js 16 renamed `middleware.ts` to `proxy.ts`; this is that file.
//
// It does two things for the HTML pages:
// 1. Every page gets a Content-Security-Policy with a fresh script nonce (on the request,
//    where Next finds it and puts it on its own scripts, and on the response, where the
//    browser enforces it): see lib/http/content-security-policy.ts.
// 2. Signed-out visits of dashboard pages become a redirect to the sign-in page,
//    remembering where the visitor wanted to go. It is a convenience, not the security
//    boundary: every dashboard page and server action checks the session again (including
//    its server-side revocation) through requireSessionContext / requireActionContext.
// A proxy roughly halves the throughput of the routes it runs on, so the matcher leaves
// out everything that is not a page: the API (`/api/v1` authenticates with Bearer tokens
// and must never pay for, or be redirected by, this proxy), Next's static files, icons and
// fonts. Those get the nonce-less policy from next.config.ts.

import { type NextRequest, NextResponse } from "next/server";
import { getToken } from "next-auth/jwt";
import { safeCallbackPath } from "@/lib/auth/callback-url";
import { resolveAuthSecret } from "@/lib/auth/secret";
import { config as settings } from "@/lib/config";
import { contentSecurityPolicy, newScriptNonce } from "@/lib/http/content-security-policy";

export async function proxy(request: NextRequest) {
  if (isDashboardPage(request.nextUrl.pathname) && !(await isSignedIn(request))) {
    return NextResponse.redirect(loginUrl(request));
  }
  const policy = contentSecurityPolicy({
    nonce: newScriptNonce(),
    devServer: settings().NODE_ENV === "development",
  });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("content-security-policy", policy);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("content-security-policy", policy);
  return response;
}

function isDashboardPage(pathname: string): boolean {
  return pathname === "/" || pathname === "/settings" || pathname.startsWith("/settings/");
}

async function isSignedIn(request: NextRequest): Promise<boolean> {
  const token = await getToken({
    req: request,
    secret: resolveAuthSecret(),
    // next-auth names the cookie `__Secure-…` on HTTPS; see lib/session/options.ts.
    secureCookie: isHttps(request),
  });
  return Boolean(token?.userId);
}

function loginUrl(request: NextRequest): URL {
  const url = new URL("/login", request.url);
  // The remembered page passes the same check as every other redirect target.
  const target = safeCallbackPath(`${request.nextUrl.pathname}${request.nextUrl.search}`);
  if (target !== "/") url.searchParams.set("callbackUrl", target);
  return url;
}

function isHttps(request: NextRequest): boolean {
  const forwardedProto = request.headers.get("x-forwarded-proto")?.split(",")[0]?.trim();
  return (forwardedProto ?? request.nextUrl.protocol.replace(":", "")) === "https";
}

export const config = {
  // Every path except the API, Next's static files and image optimizer, and files with an
  // icon, image or font extension.
  matcher: [
    "/((?!api(?:/|$)|_next/static/|_next/image|[^?]*\\.(?:ico|svg|png|jpg|jpeg|gif|webp|woff2?)$).*)",
  ],
};
