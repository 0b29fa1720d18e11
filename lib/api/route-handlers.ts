import "server-only";
import { handleApiRequest } from "@/lib/api/pipeline";
import { handlePublicApiRequest } from "@/lib/api/public-pipeline";
import { redactTokens } from "@/lib/api/redaction";
import { emptyResponse } from "@/lib/api/responses";
import { AppError } from "@/lib/errors";
import type { HttpMethod, Operation } from "./operation";

// What /api/v1 route files are: one line, `export const { GET, POST, PUT, PATCH, DELETE,
// OPTIONS } = routeHandlers(operations)`, built from the path's declared operations. A
// method is served by its declaration or refused with the standard 405, so no route file
// keeps a list of its methods by hand. Each entry point (an operation, an unknown route, a
// refused method, OPTIONS) is only a target of the one request pipeline, so every request
// is authenticated, limited and logged alike.

/** The methods a route file answers itself; HEAD is Next's, from GET (or its own 405). */
export const ROUTE_FILE_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;

type EntryPoint = (req: Request, context?: Parameters<Operation["handle"]>[1]) => Promise<Response>;

export type RouteHandlers = Record<(typeof ROUTE_FILE_METHODS)[number], EntryPoint>;

/** The pipeline a route's standard answers take: a token's, or the public one. */
type RouteAuth = "token" | "none";

/** A target that needs only what both pipelines give it. */
type StandardTarget = (request: { req: Request; requestId: string }) => Promise<Response>;

function pipelineFor(auth: RouteAuth) {
  return (req: Request, target: StandardTarget) =>
    auth === "none" ? handlePublicApiRequest(req, target) : handleApiRequest(req, target);
}

/** A route whose target always refuses with `error` (after authentication and limits). */
function refusingRoute(error: (req: Request) => AppError, auth: RouteAuth = "token"): EntryPoint {
  const target: StandardTarget = async ({ req }) => {
    throw error(req);
  };
  const handle = pipelineFor(auth);
  return (req) => handle(req, target);
}

/**
 * The handlers of the route file serving `operations` (the exports of its operations.ts):
 * each declared method its operation's handler; every other method 405 with an Allow
 * header listing the declared ones; OPTIONS 204 with the same list (Next's automatic
 * OPTIONS would list the 405 handlers as if they were supported). The refusals take the
 * operations' pipeline: the public one when every operation is public, else a token's.
 * Throws at module load for operations that cannot share a route file.
 */
export function routeHandlers(operations: Readonly<Record<string, Operation>>): RouteHandlers {
  const declared = Object.values(operations);
  const paths = new Set(declared.map((operation) => operation.path));
  if (paths.size !== 1) {
    throw new Error(`A route file serves one path; these operations name ${[...paths]}`);
  }
  const byMethod = new Map<string, Operation>();
  for (const operation of declared) {
    if (byMethod.has(operation.method)) {
      throw new Error(`${operation.method} ${operation.path} is declared twice`);
    }
    byMethod.set(operation.method, operation);
  }
  const auth = declared.every((operation) => operation.auth === "none") ? "none" : "token";
  const methods = ROUTE_FILE_METHODS.filter((method) => byMethod.has(method));
  const allow = [...methods, ...(byMethod.has("GET") ? ["HEAD"] : []), "OPTIONS"].join(", ");
  const notAllowed = refusingRoute(
    (req) =>
      new AppError("method_not_allowed", `Method ${req.method} is not allowed on this resource`, {
        headers: { Allow: allow },
      }),
    auth,
  );
  const handle = pipelineFor(auth);
  const handlerOf = (method: HttpMethod) => byMethod.get(method)?.handle ?? notAllowed;
  const options: EntryPoint = (req) =>
    handle(req, async ({ requestId }) =>
      emptyResponse({ status: 204, requestId, headers: { Allow: allow } }),
    );
  return {
    GET: handlerOf("GET"),
    POST: handlerOf("POST"),
    PUT: handlerOf("PUT"),
    PATCH: handlerOf("PATCH"),
    DELETE: handlerOf("DELETE"),
    OPTIONS: options,
  };
}

/**
 * Any /api/v1 path without a route of its own: a JSON 404 for every method once the request
 * is authenticated, so API clients never receive the dashboard's HTML error page and an
 * unknown path is no way around the limits. The path is echoed to help with typos, minus
 * anything shaped like a token.
 */
export const unknownApiRoute = refusingRoute((req) => {
  const path = redactTokens(new URL(req.url).pathname).slice(0, 200);
  return new AppError("not_found", `No API route matches ${req.method} ${path}`);
});

/** The catch-all route file's handlers: the unknown-route 404 for every method, HEAD too. */
export function unknownRouteHandlers(): RouteHandlers & { HEAD: EntryPoint } {
  const handlers = Object.fromEntries(
    ROUTE_FILE_METHODS.map((method) => [method, unknownApiRoute]),
  );
  return { ...(handlers as RouteHandlers), HEAD: unknownApiRoute };
}
