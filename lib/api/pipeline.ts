import "server-only";
import {
  type ApiAuthResult,
  authenticateTokenHash,
  presentedTokenHash,
  type StoredTokenForAuth,
  singleAuthorization,
} from "@/lib/api/bearer";
import { touchLastUsed } from "@/lib/api/last-used";
import { startedLiveTokens } from "@/lib/api/live-tokens-instance";
import { RecentlyValidTokens } from "@/lib/api/recent-tokens";
import { refusalLog } from "@/lib/api/refusal-log";
import { type LogOutcome, RequestLogDraft } from "@/lib/api/request-log-draft";
import {
  apiValidationError,
  errorResponse,
  internalError,
  REQUEST_ID_HEADER,
  requestIdFor,
  serviceUnavailable,
} from "@/lib/api/responses";
import { clientIp as resolveClientIp } from "@/lib/auth/client-ip";
import { clock } from "@/lib/clock";
import { isDatabaseUnavailableError } from "@/lib/db-errors";
import { AppError, isAppError } from "@/lib/errors";
import { requestLogger } from "@/lib/logger";
import type { RequiredScope } from "@/lib/permissions";
import {
  apiRateLimiters,
  rateLimitHeaders,
  tokenRateLimitPerMinute,
} from "@/lib/rate-limit/api-limits";
import { rateLimitKeyForIp } from "@/lib/rate-limit/ip-key";
import type { RefusalReason } from "@/lib/refusal-reasons";
import { scopeRefusal as refuseScope } from "@/lib/services/authorize";
import type { RequestLogEntry } from "@/lib/services/logs/types";
import { countUnattributedRequest } from "@/lib/services/logs/unattributed";
import { logApiRequest } from "@/lib/services/logs/writer";
import { endPredecessorGrace } from "@/lib/sql";

/** A request that passed authentication and the limits, as the route's target sees it. */
export interface AuthorizedRequest {
  req: Request;
  url: URL;
  token: StoredTokenForAuth;
  clientIp: string | null;
  requestId: string;
  log: RequestLogDraft;
}

/** What a route does with an authorized request: its handler, a 404 or a 405. */
export type ApiTarget = (request: AuthorizedRequest) => Promise<Response>;

const globalForTokens = globalThis as typeof globalThis & {
  __mailshieldRecentlyValidTokens?: RecentlyValidTokens;
};

/** Tokens that recently worked here (see RecentlyValidTokens); one set per process. */
export function recentlyValidTokens(): RecentlyValidTokens {
  globalForTokens.__mailshieldRecentlyValidTokens ??= new RecentlyValidTokens({
    maxEntries: 10_000,
    ttlMs: 10 * 60_000,
  });
  return globalForTokens.__mailshieldRecentlyValidTokens;
}

/**
 * The one path every /api/v1 request takes, whatever its route or method (handlers, unknown
 * routes, wrong methods, OPTIONS): authenticate → limits → target → log.
 *
 * - A client IP over the failed-authentication limit is refused from memory before any token
 *   lookup, unless it presents a token that may be live (its hash prefix is in this
 *   instance's set of live tokens, or it recently authenticated here); that token only
 *   earns the usual lookup, which decides. Only such requests consult the sets.
 * - A missing, malformed, repeated, unknown, revoked or expired token counts as a failed
 *   authentication for the client IP.
 * - An authenticated request counts against its token's plan limit before the target runs.
 * - A declared operation passes the scope it requires (`requiredScope`, or how to tell it
 *   from the token for an operation that a token may always do on itself); the token must
 *   hold it (scopeRefusal, lib/services/authorize.ts) before the target runs. 404/405/OPTIONS targets require none.
 * - Every request of a stored token is logged for its organization; refusals go through the
 *   refusal log, which bounds their rows per token and minute.
 * The successful path adds no database round trip beyond the token lookup (except a
 *   successor's very first request when it ends its predecessor's grace period).
 */
export async function handleApiRequest(
  req: Request,
  target: ApiTarget,
  requiredScope?: RequiredScope | ((token: StoredTokenForAuth) => RequiredScope),
  /** The declared operation, "METHOD /api/v1/path/{param}", for the log's usage rollup. */
  operation?: string,
): Promise<Response> {
  const startedAt = performance.now();
  const requestId = requestIdFor(req.headers);
  const url = new URL(req.url);
  const log = new RequestLogDraft(req, requestId, url);

  const limits = apiRateLimiters();
  const validTokens = recentlyValidTokens();
  const requestIp = resolveClientIp(req.headers);
  const limitKey = rateLimitKeyForIp(requestIp);
  const tokenHash = presentedTokenHash(singleAuthorization(req.headers));
  const blocked = limits.failedAuth.exhausted(limitKey, limits.failedAuthLimit);
  if (blocked && !earnsLookupWhenBlocked(tokenHash, validTokens)) {
    countUnattributedRequest("blocked_ip");
    return errorResponse(tooManyFailedAuthentications(blocked.resetSeconds), requestId);
  }

  let auth: ApiAuthResult;
  try {
    auth = await authenticateTokenHash(tokenHash, { clientIp: requestIp });
  } catch (error) {
    return errorToResponse(error, requestId);
  }

  if (!auth.ok) {
    let error = auth.error;
    let refusalReason: RefusalReason | null = auth.token ? auth.reason : null;
    if (error.code === "unauthorized") {
      if (tokenHash !== null) {
        validTokens.forget(tokenHash);
        // A hash that earned its lookup from a blocked IP and failed (a chance prefix match,
        // or revoked, expired or deleted since the set's build) earns none again. Only
        // then: other requests never consult the set.
        if (blocked) startedLiveTokens()?.refute(tokenHash);
      }
      // Only failed authentications count, in memory (the shared count follows within a
      // second). The failure beyond the limit is answered 429 already.
      const failure = limits.failedAuth.consume(limitKey, limits.failedAuthLimit);
      if (!failure.allowed) {
        error = tooManyFailedAuthentications(failure.resetSeconds);
        refusalReason = "failed_auth_limit";
      }
    }
    const response = errorResponse(error, requestId);
    if (auth.token && refusalReason) {
      const outcome = { response, errorCode: error.code, refusalReason };
      await writeLogEntry(log.entry(auth.token, auth.clientIp, outcome, startedAt));
    } else {
      countUnattributedRequest(
        auth.reason === "unknown_token" ? "unknown_token" : "missing_or_malformed",
      );
    }
    return response;
  }

  const { token, clientIp } = auth;
  if (tokenHash !== null) validTokens.remember(tokenHash);
  // A successor created with "expire the old token as soon as the new one is used": its
  // first accepted request (never used before, as the lookup read) stops the predecessor
  // before this response leaves. Awaited and failing closed, because it is a promise made
  // about the old secret; later requests skip it without a round trip.
  if (token.expiresPredecessorOnFirstUse && token.lastUsedAt === null) {
    try {
      await endPredecessorGrace(token.id, clock.now());
    } catch (error) {
      return errorToResponse(error, requestId);
    }
  }
  touchLastUsed(token, clientIp);

  // Per-token request limit by plan.
  const planLimit = tokenRateLimitPerMinute(token.plan);
  // Decided in memory while the token is clearly below its limit; near it, against the
  // shared store, so that instances together cannot overshoot (BatchedWindowLimiter.decide).
  let decision = planLimit === null ? null : limits.tokens.decide(token.id, planLimit);
  if (decision instanceof Promise) decision = await decision;
  const limitHeaders = decision ? rateLimitHeaders(decision) : {};

  const scope = typeof requiredScope === "function" ? requiredScope(token) : requiredScope;
  const scopeRefusal = scope === undefined ? null : refuseScope(token, scope);
  if (operation !== undefined && scope !== undefined) log.declareOperation(operation, scope);

  let outcome: LogOutcome;
  if (decision && !decision.allowed) {
    const error = new AppError(
      "rate_limited",
      `Rate limit of ${decision.limit} requests per minute exceeded for this token. Retry after ${decision.resetSeconds} seconds.`,
      { headers: limitHeaders },
    );
    outcome = {
      response: errorResponse(error, requestId),
      errorCode: error.code,
      refusalReason: "rate_limited",
    };
  } else if (scopeRefusal) {
    outcome = {
      response: errorResponse(scopeRefusal, requestId),
      errorCode: scopeRefusal.code,
      refusalReason: "insufficient_scope",
      // The Access Logs name the missing scope, not only that one was missing.
      requiredScope: scope,
    };
  } else {
    try {
      const response = await target({ req, url, token, clientIp, requestId, log });
      outcome = { response, errorCode: null, refusalReason: null };
    } catch (error) {
      const response = errorToResponse(error, requestId);
      const errorCode = isAppError(error) ? error.code : errorCodeForStatus(response.status);
      outcome = { response, errorCode, refusalReason: null };
    }
  }
  ensureStandardHeaders(outcome.response, requestId, limitHeaders);
  await writeLogEntry(log.entry(token, clientIp, outcome, startedAt));
  return outcome.response;
}

/**
 * Whether a request from a blocked client IP still gets its token looked up: when the token
 * may be live (lib/api/live-tokens.ts; until that set is built, or where it is not started,
 * only tokens that recently authenticated here).
 */
function earnsLookupWhenBlocked(
  tokenHash: string | null,
  validTokens: RecentlyValidTokens,
): boolean {
  if (tokenHash === null) return false;
  return validTokens.has(tokenHash) || (startedLiveTokens()?.mayBeLive(tokenHash) ?? false);
}

/** Served requests go to the log as they are; refused ones through the refusal log's bound. */
function writeLogEntry(entry: RequestLogEntry): Promise<void> {
  const { refusalReason } = entry;
  return refusalReason ? refusalLog().record({ ...entry, refusalReason }) : logApiRequest(entry);
}

/**
 * Maps any thrown value to the documented error shape. Only AppErrors speak to the client;
 * a database outage becomes a retryable 503, and everything else a bare 500 whose details
 * go to the server log under the request id.
 */
export function errorToResponse(error: unknown, requestId: string): Response {
  if (isAppError(error)) return errorResponse(apiValidationError(error), requestId);
  if (isDatabaseUnavailableError(error)) {
    requestLogger(requestId).error({ error }, "database unavailable");
    return errorResponse(serviceUnavailable(), requestId);
  }
  requestLogger(requestId).error({ error }, "unhandled api error");
  return errorResponse(internalError(), requestId);
}

function errorCodeForStatus(status: number): string {
  return status === 503 ? "service_unavailable" : "internal_error";
}

/** 429 for a client IP with too many failed authentications in the current minute. */
function tooManyFailedAuthentications(retryAfterSeconds: number): AppError {
  return new AppError(
    "rate_limited",
    `Too many failed authentication attempts from this IP address. Retry after ${retryAfterSeconds} seconds.`,
    { headers: { "Retry-After": String(retryAfterSeconds) } },
  );
}

/** Adds the request id, no-store and `extraHeaders` to a response the target returned. */
export function ensureStandardHeaders(
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
