import "server-only";
import { ensureStandardHeaders, errorToResponse } from "@/lib/api/pipeline";
import { errorResponse, requestIdFor } from "@/lib/api/responses";
import { clientIp as resolveClientIp } from "@/lib/auth/client-ip";
import { AppError } from "@/lib/errors";
import { publicApiRateLimiter, rateLimitHeaders } from "@/lib/rate-limit/api-limits";
import { rateLimitKeyForIp } from "@/lib/rate-limit/ip-key";

/** A request to an operation open without a token, as its target sees it. */
export interface PublicRequest {
  req: Request;
  url: URL;
  clientIp: string | null;
  requestId: string;
}

export type PublicApiTarget = (request: PublicRequest) => Promise<Response>;

/**
 * The path of the few /api/v1 operations declared `auth: "none"` (defineOperation picks it
 * once, at module load, so the authenticated pipeline is untouched): the per-IP limit →
 * target, with the same error mapping and standard headers. No token is read (an
 * Authorization header is ignored) and nothing goes to the request log, which belongs to
 * an organization; what a target changes, it audits itself.
 */
export async function handlePublicApiRequest(
  req: Request,
  target: PublicApiTarget,
): Promise<Response> {
  const requestId = requestIdFor(req.headers);
  const clientIp = resolveClientIp(req.headers);
  const { byIp, limit } = publicApiRateLimiter();
  const decision = byIp.consume(rateLimitKeyForIp(clientIp), limit);
  const limitHeaders = rateLimitHeaders(decision);

  let response: Response;
  if (!decision.allowed) {
    const error = new AppError(
      "rate_limited",
      `Rate limit of ${limit} requests per minute exceeded for this IP address. Retry after ${decision.resetSeconds} seconds.`,
      { headers: limitHeaders },
    );
    response = errorResponse(error, requestId);
  } else {
    try {
      response = await target({ req, url: new URL(req.url), clientIp, requestId });
    } catch (error) {
      response = errorToResponse(error, requestId);
    }
  }
  ensureStandardHeaders(response, requestId, limitHeaders);
  return response;
}
