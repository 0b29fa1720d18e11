import { redactTokens, withApiAttribution } from "@/lib/api/with-api-auth";
import { AppError } from "@/lib/errors";

// Any /api/v1 path without a route of its own, /api/v1 itself included: a JSON 404 for
// every method, so API clients never receive the dashboard's HTML error page.

export const dynamic = "force-dynamic";

const unknownRoute = withApiAttribution((req) => {
  // The path is echoed to help with typos, minus anything shaped like a token.
  const path = redactTokens(new URL(req.url).pathname).slice(0, 200);
  return new AppError("not_found", `No API route matches ${req.method} ${path}`);
});

export const GET = unknownRoute;
export const HEAD = unknownRoute;
export const POST = unknownRoute;
export const PUT = unknownRoute;
export const PATCH = unknownRoute;
export const DELETE = unknownRoute;
export const OPTIONS = unknownRoute;
