import "server-only";
import type { z } from "zod";
import type { AuthorizedRequest } from "@/lib/api/pipeline";
import { parseJsonBody, readBodyText } from "@/lib/api/request-body";
import { emptyResponse, jsonResponse } from "@/lib/api/responses";
import { type TokenPrincipal, tokenPrincipal } from "@/lib/auth/principal";
import type { Plan } from "@/lib/generated/prisma/enums";

// What a declared operation's handler sees of an authorized request (lib/api/operation.ts
// builds it; lib/api/route-handlers.ts turns operations into a route file's handlers).

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
  /**
   * The calling token as the services' principal, with what its lookup read: a read is
   * judged on that, a change re-reads it (lib/services/authorize.ts).
   */
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
  /** Records in the request log the domain the request touched (the domain operations). */
  touchDomain(domainId: string): void;
}

export type ApiHandler<P> = (context: ApiHandlerContext<P>) => Promise<Response>;

/** Next passes dynamic segments as a promise; tests may omit the context entirely. */
export interface RouteContext<P> {
  params: Promise<P>;
}

export type RouteHandler<P> = (req: Request, context?: RouteContext<P>) => Promise<Response>;

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
    principal: tokenPrincipal(token, clientIp),
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
    touchDomain: (domainId) => log.touchDomain(domainId),
  };
}
