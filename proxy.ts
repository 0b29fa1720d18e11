// Next.js 16 renamed `middleware.ts` to `proxy.ts`; this is that file.
//
// It only turns signed-out visits of dashboard pages into a redirect to the sign-in page,
// remembering where the visitor wanted to go. It is a convenience, not the security
// boundary: every dashboard page and server action checks the session again (including
// its server-side revocation) through requireSessionContext / requireActionContext.
// The matcher lists dashboard pages only. The API (`/api/v1`) authenticates with Bearer
// tokens and must never pay for, or be redirected by, this proxy.

import { type NextRequest, NextResponse } from "next/server";
import { getToken } from "next-auth/jwt";
import { safeCallbackPath } from "@/lib/auth/callback-url";
import { resolveAuthSecret } from "@/lib/auth/secret";

export async function proxy(request: NextRequest) {
  const token = await getToken({
    req: request,
    secret: resolveAuthSecret(),
    // next-auth names the cookie `__Secure-…` on HTTPS; see lib/session/options.ts.
    secureCookie: isHttps(request),
  });
  if (token?.userId) return NextResponse.next();

  const loginUrl = new URL("/login", request.url);
  // The remembered page passes the same check as every other redirect target.
  const target = safeCallbackPath(`${request.nextUrl.pathname}${request.nextUrl.search}`);
  if (target !== "/") loginUrl.searchParams.set("callbackUrl", target);
  return NextResponse.redirect(loginUrl);
}

function isHttps(request: NextRequest): boolean {
  const forwardedProto = request.headers.get("x-forwarded-proto")?.split(",")[0]?.trim();
  return (forwardedProto ?? request.nextUrl.protocol.replace(":", "")) === "https";
}

export const config = {
  matcher: ["/", "/settings/:path*"],
};
