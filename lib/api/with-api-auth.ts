import "server-only";
import type { z } from "zod";
import { type AuthorizedRequest, handleApiRequest } from "@/lib/api/pipeline";
import { handlePublicApiRequest } from "@/lib/api/public-pipeline";
import { redactTokens } from "@/lib/api/redaction";
import { parseJsonBody, readBodyText } from "@/lib/api/request-body";
import { emptyResponse, jsonResponse } from "@/lib/api/responses";
import type { TokenPrincipal } from "@/lib/auth/principal";
import { AppError } from "@/lib/errors";
import type { Plan } from "@/lib/generated/prisma/enums";

// What /api/v1 route files are built from. Each entry point (a handler, an unknown route, a
// method a route does not implement, OPTIONS) is only a target of the one request pipeline
// (lib/api/pipeline.ts), so every request is authenticated, limited and logged alike.

/** The authenticated token as route handlers see it. */
export interface ApiToken {
  id: string;
  name: string;
  organizationId: string;
  plan: Plan;
}

export interface ApiHandlerContext<P> {
  req: Request;
  params: P;
  token: ApiToken;
  /** The calling token as the services' principal (they authorize it again, as it is now). */
  principal: TokenPrincipal;
  requestId: string;
  clientIp: string | null;
  searchParams: URLSearchParams;
  /** Reads and validates the JSON body: 400 invalid JSON, 413 too large, 422 invalid. */
  readJson<S extends z.ZodType>(schema: S): Promise<z.output<S>>;
  /** A JSON response carrying the request id and no-store. */
  json(body: unknown, init?: { status?: number; headers?: Record<string, string> }): Response;
  noContent(): Response;
  /** Overrides the short summaries written to the request log (never put secrets here). */
  summarize(summary: { request?: string; response?: string }): void;
}

export type ApiHandler<P> = (context: ApiHandlerContext<P>) => Promise<Response>;

/** Next passes dynamic segments as a promise; tests may omit the context entirely. */
export interface RouteContext<P> {
  params: Promise<P>;
}

export type RouteHandler<P> = (req: Request, context?: RouteContext<P>) => Promise<Response>;

/**
 * Wraps an /api/v1 route handler in the request pipeline (authentication, limits, error
 * mapping, logging). The handler runs outside the authentication try/catch, so its own
 * failures can never be reported as 401s; every response is JSON with
 * `Cache-Control: no-store` and an `X-Request-Id`.
 */
export function withApiAuth<P extends Record<string, string | string[]> = Record<string, never>>(
  handler: ApiHandler<P>,
): RouteHandler<P> {
  return (req, routeContext) =>
    handleApiRequest(req, async (request) => {
      const params = ((await routeContext?.params) ?? {}) as P;
      request.log.describeParams(params);
      return handler(buildContext(request, params));
    });
}

/** The handler's view of an authorized request, with its (already validated) params. */
export function buildContext<P>(
  { req, url, token, clientIp, requestId, log }: AuthorizedRequest,
  params: P,
): ApiHandlerContext<P> {
  return {
    req,
    params,
    token: {
      id: token.id,
      name: token.name,
      organizationId: token.organizationId,
      plan: token.plan,
    },
    principal: { kind: "token", tokenId: token.id, tokenName: token.name, ip: clientIp },
    requestId,
    clientIp,
    searchParams: url.searchParams,
    async readJson(schema) {
      const body = await readBodyText(req);
      log.describeBody(body);
      return parseJsonBody(body, schema);
    },
    json: (body, init = {}) => jsonResponse(body, { requestId, ...init }),
    noContent: () => emptyResponse({ status: 204, requestId }),
    summarize: (summary) => log.summarize(summary),
  };
}

/** The pipeline a route's standard answers take: a token's, or the public one. */
type RouteAuth = { auth?: "token" | "none" };

/** A target that needs only what both pipelines give it. */
type StandardTarget = (request: { req: Request; requestId: string }) => Promise<Response>;

function pipelineFor({ auth }: RouteAuth) {
  return (req: Request, target: StandardTarget) =>
    auth === "none" ? handlePublicApiRequest(req, target) : handleApiRequest(req, target);
}

/** A route whose target always refuses with `error` (after authentication and limits). */
function refusingRoute(
  error: (req: Request) => AppError,
  access: RouteAuth = {},
): (req: Request) => Promise<Response> {
  const target: StandardTarget = async ({ req }) => {
    throw error(req);
  };
  const handle = pipelineFor(access);
  return (req) => handle(req, target);
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

function allowHeader(allowed: readonly string[]): string {
  return [...allowed, ...(allowed.includes("GET") ? ["HEAD"] : []), "OPTIONS"].join(", ");
}

/**
 * Handlers for the methods a route does not implement: `notAllowed` answers 405 with an
 * Allow header, `options` answers OPTIONS with 204 and the same list (Next's automatic
 * OPTIONS would list the 405 handlers as if they were supported). Both only after the
 * request is authenticated, like every /api/v1 request.
 */
export function methodNotAllowed(
  allowed: readonly string[],
  access: RouteAuth = {},
): {
  notAllowed: (req: Request) => Promise<Response>;
  options: (req: Request) => Promise<Response>;
} {
  const allow = allowHeader(allowed);
  const handle = pipelineFor(access);
  return {
    notAllowed: refusingRoute(
      (req) =>
        new AppError("method_not_allowed", `Method ${req.method} is not allowed on this resource`, {
          headers: { Allow: allow },
        }),
      access,
    ),
    options: (req) =>
      handle(req, async ({ requestId }) =>
        emptyResponse({ status: 204, requestId, headers: { Allow: allow } }),
      ),
  };
}
