import type { z } from "zod";
import { isDatabaseUnavailableError } from "@/lib/api/database-errors";
import { parseJsonBody, type ReadBody, readBodyText } from "@/lib/api/request-body";
import {
  emptyResponse,
  errorResponse,
  internalError,
  jsonResponse,
  REQUEST_ID_HEADER,
  serviceUnavailable,
} from "@/lib/api/responses";
import {
  type ApiAuthResult,
  AUTH_MESSAGES,
  authenticateApiRequest,
  type StoredTokenForAuth,
} from "@/lib/auth/bearer";
import { clientIp as resolveClientIp } from "@/lib/auth/client-ip";
import { touchLastUsed } from "@/lib/auth/last-used";
import { AppError, isAppError } from "@/lib/errors";
import type { Plan } from "@/lib/generated/prisma/enums";
import {
  apiRateLimiters,
  rateLimitHeaders,
  tokenRateLimitPerMinute,
} from "@/lib/rate-limit/api-limits";
import { rateLimitKeyForIp } from "@/lib/rate-limit/ip-key";
import { countUnattributedRequest } from "@/lib/services/logs/unattributed";
import { logApiRequest } from "@/lib/services/logs/writer";

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

type RouteHandler<P> = (req: Request, context?: RouteContext<P>) => Promise<Response>;

/**
 * Wraps an /api/v1 route handler with Bearer authentication, error mapping and request
 * logging. The handler runs outside the authentication try/catch, so its own failures can
 * never be reported as 401s; every response is JSON with `Cache-Control: no-store` and an
 * `X-Request-Id`.
 */
export function withApiAuth<P extends Record<string, string | string[]> = Record<string, never>>(
  handler: ApiHandler<P>,
): RouteHandler<P> {
  return async (req, routeContext) => {
    const startedAt = performance.now();
    const requestId = requestIdFor(req.headers);
    const url = new URL(req.url);
    const log = new RequestLogDraft(req, requestId, url);

    const limits = apiRateLimiters();
    // A client IP that has used up its failed authentications is refused from memory,
    // before any token lookup: the flood after the limit costs no database work.
    const requestIp = resolveClientIp(req.headers);
    const limitKey = rateLimitKeyForIp(requestIp);
    const blocked = limits.failedAuth.exhausted(limitKey, limits.failedAuthLimit);
    if (blocked) {
      countUnattributedRequest("blocked_ip");
      return errorResponse(tooManyFailedAuthentications(blocked.resetSeconds), requestId);
    }

    let auth: ApiAuthResult;
    try {
      auth = await authenticateApiRequest(req.headers, { clientIp: requestIp });
    } catch (error) {
      return errorToResponse(error, requestId);
    }

    if (!auth.ok) {
      let error = auth.error;
      if (error.code === "unauthorized") {
        // Only failed authentications count, in memory (the shared count follows within a
        // second). The failure beyond the limit is answered 429 already.
        const failure = limits.failedAuth.consume(limitKey, limits.failedAuthLimit);
        if (!failure.allowed) error = tooManyFailedAuthentications(failure.resetSeconds);
      }
      const response = errorResponse(error, requestId);
      if (auth.token) {
        await log.write(auth.token, auth.clientIp, response, error.code, startedAt);
      } else {
        const unknownToken = auth.error.message === AUTH_MESSAGES.invalid;
        countUnattributedRequest(unknownToken ? "unknown_token" : "missing_or_malformed");
      }
      return response;
    }

    const { token, clientIp } = auth;
    touchLastUsed(token, clientIp);

    // Per-token request limit by plan, decided in memory (see BatchedWindowLimiter).
    const planLimit = tokenRateLimitPerMinute(token.plan);
    const decision = planLimit === null ? null : limits.tokens.consume(token.id, planLimit);
    const limitHeaders = decision ? rateLimitHeaders(decision) : {};

    let response: Response;
    let errorCode: string | null = null;
    if (decision && !decision.allowed) {
      const error = new AppError(
        "rate_limited",
        `Rate limit of ${decision.limit} requests per minute exceeded for this token. Retry after ${decision.resetSeconds} seconds.`,
        { headers: limitHeaders },
      );
      response = errorResponse(error, requestId);
      errorCode = error.code;
    } else {
      try {
        const params = ((await routeContext?.params) ?? {}) as P;
        log.describeParams(params);
        response = await handler(buildContext(req, url, params, token, clientIp, requestId, log));
      } catch (error) {
        response = errorToResponse(error, requestId);
        errorCode = isAppError(error) ? error.code : errorCodeForStatus(response.status);
      }
    }
    ensureStandardHeaders(response, requestId, limitHeaders);
    await log.write(token, clientIp, response, errorCode, startedAt);
    return response;
  };
}

function buildContext<P>(
  req: Request,
  url: URL,
  params: P,
  token: StoredTokenForAuth,
  clientIp: string | null,
  requestId: string,
  log: RequestLogDraft,
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

/**
 * Maps any thrown value to the documented error shape. Only AppErrors speak to the client;
 * a database outage becomes a retryable 503, and everything else a bare 500 whose details
 * go to the server log under the request id.
 */
export function errorToResponse(error: unknown, requestId: string): Response {
  if (isAppError(error)) return errorResponse(error, requestId);
  if (isDatabaseUnavailableError(error)) {
    console.error(
      JSON.stringify({
        level: "error",
        msg: "database unavailable",
        requestId,
        error: String(error),
      }),
    );
    return errorResponse(serviceUnavailable(), requestId);
  }
  console.error(
    JSON.stringify({
      level: "error",
      msg: "unhandled api error",
      requestId,
      error: error instanceof Error ? (error.stack ?? error.message) : String(error),
    }),
  );
  return errorResponse(internalError(), requestId);
}

function errorCodeForStatus(status: number): string {
  return status === 503 ? "service_unavailable" : "internal_error";
}

// An incoming id is kept (so a caller can correlate its own logs) only when it is short
// and plain; anything else is replaced, so the header cannot carry injected content.
const SANE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export function requestIdFor(headers: Pick<Headers, "get">): string {
  const incoming = headers.get(REQUEST_ID_HEADER);
  return incoming && SANE_REQUEST_ID.test(incoming) ? incoming : crypto.randomUUID();
}

/** 429 for a client IP with too many failed authentications in the current minute. */
function tooManyFailedAuthentications(retryAfterSeconds: number): AppError {
  return new AppError(
    "rate_limited",
    `Too many failed authentication attempts from this IP address. Retry after ${retryAfterSeconds} seconds.`,
    { headers: { "Retry-After": String(retryAfterSeconds) } },
  );
}

function ensureStandardHeaders(
  response: Response,
  requestId: string,
  extraHeaders: Record<string, string> = {},
): void {
  try {
    if (!response.headers.has(REQUEST_ID_HEADER))
      response.headers.set(REQUEST_ID_HEADER, requestId);
    if (!response.headers.has("Cache-Control")) response.headers.set("Cache-Control", "no-store");
    for (const [name, value] of Object.entries(extraHeaders)) response.headers.set(name, value);
  } catch {
    // Responses with immutable headers come only from fetch(); handlers never return those.
  }
}

// Token-shaped strings anywhere in what we store are masked, in case a client puts its
// token where it does not belong (a query parameter, the user agent).
const TOKEN_SHAPED = /ms_[A-Za-z0-9_-]{8,}/g;
const MAX_PATH_LENGTH = 2048;
const MAX_USER_AGENT_LENGTH = 512;
const MAX_SUMMARY_LENGTH = 200;

export function redactTokens(value: string): string {
  return value.replace(TOKEN_SHAPED, "ms_[REDACTED]");
}

function clip(value: string, max: number): string {
  return value.length > max ? `${value.slice(0, max - 1)}…` : value;
}

/** Collects what the request log needs while the request runs. */
class RequestLogDraft {
  private requestSummary: string | null = null;
  private responseSummary: string | null = null;
  private readonly method: string;
  private readonly path: string;
  private readonly userAgent: string | null;

  constructor(
    req: Request,
    private readonly requestId: string,
    url = new URL(req.url),
  ) {
    this.method = req.method.toUpperCase().slice(0, 10);
    this.path = clip(redactTokens(url.pathname + url.search), MAX_PATH_LENGTH);
    const userAgent = req.headers.get("user-agent");
    this.userAgent = userAgent ? clip(redactTokens(userAgent), MAX_USER_AGENT_LENGTH) : null;
    if (url.search)
      this.requestSummary = clip(`query ${redactTokens(url.search.slice(1))}`, MAX_SUMMARY_LENGTH);
  }

  describeParams(params: Record<string, unknown>): void {
    const id = params.id;
    if (typeof id === "string")
      this.requestSummary = clip(`id ${redactTokens(id)}`, MAX_SUMMARY_LENGTH);
  }

  describeBody(body: ReadBody): void {
    const type = body.contentType ? body.contentType.split(";")[0]!.trim() : "no content type";
    this.requestSummary = clip(`${body.bytes} bytes ${type}`, MAX_SUMMARY_LENGTH);
  }

  summarize(summary: { request?: string; response?: string }): void {
    if (summary.request !== undefined)
      this.requestSummary = clip(redactTokens(summary.request), MAX_SUMMARY_LENGTH);
    if (summary.response !== undefined)
      this.responseSummary = clip(redactTokens(summary.response), MAX_SUMMARY_LENGTH);
  }

  write(
    token: StoredTokenForAuth,
    clientIp: string | null,
    response: Response,
    errorCode: string | null,
    startedAt: number,
  ): Promise<void> {
    return logApiRequest({
      createdAt: new Date(),
      organizationId: token.organizationId,
      tokenId: token.id,
      tokenName: token.name,
      method: this.method,
      path: this.path,
      status: response.status,
      clientIp: clientIp ?? "unknown",
      userAgent: this.userAgent,
      durationMs: Math.max(0, Math.round(performance.now() - startedAt)),
      requestSummary: this.requestSummary,
      responseSummary: errorCode ?? this.responseSummary,
      errorCode,
      requestId: this.requestId,
      refusalReason: null,
    });
  }
}

/**
 * For responses that do not require authentication (unknown routes, wrong methods): the
 * error is answered as-is, and when the request presents a stored token it is still
 * logged for that token's organization, because the customer made the request.
 */
export function withApiAttribution(
  build: (req: Request) => AppError,
): (req: Request) => Promise<Response> {
  return async (req) => {
    const startedAt = performance.now();
    const requestId = requestIdFor(req.headers);
    const error = build(req);
    const response = errorResponse(error, requestId);
    if (req.headers.has("authorization")) {
      try {
        const auth = await authenticateApiRequest(req.headers);
        if (auth.token)
          await new RequestLogDraft(req, requestId).write(
            auth.token,
            auth.clientIp,
            response,
            error.code,
            startedAt,
          );
      } catch {
        // Attribution is best effort: the answer does not depend on the database.
      }
    }
    return response;
  };
}

function allowHeader(allowed: readonly string[]): string {
  return [...allowed, ...(allowed.includes("GET") ? ["HEAD"] : []), "OPTIONS"].join(", ");
}

/**
 * Handlers for the methods a route does not implement: `notAllowed` answers 405 with an
 * Allow header, `options` answers a preflight-style OPTIONS with the same list (Next's
 * automatic OPTIONS would list the 405 handlers as if they were supported).
 */
export function methodNotAllowed(allowed: readonly string[]): {
  notAllowed: (req: Request) => Promise<Response>;
  options: (req: Request) => Promise<Response>;
} {
  const allow = allowHeader(allowed);
  return {
    notAllowed: withApiAttribution(
      (req) =>
        new AppError("method_not_allowed", `Method ${req.method} is not allowed on this resource`, {
          headers: { Allow: allow },
        }),
    ),
    options: async (req) =>
      emptyResponse({
        status: 204,
        requestId: requestIdFor(req.headers),
        headers: { Allow: allow },
      }),
  };
}
