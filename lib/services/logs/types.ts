import type { RefusalReason } from "@/lib/refusal-reasons";

/**
 * One /api/v1 request made with a stored token, as written to api_request_logs. Requests
 * without a token, or with a token that matches nothing, are never attributed to a
 * customer and have no entry. No field ever holds token material.
 */
export interface RequestLogEntry {
  createdAt: Date;
  organizationId: string;
  tokenId: string;
  /** The token's name at the time of the request; tokens can be renamed later. */
  tokenName: string;
  method: string;
  /** Path with query string, exactly as requested. */
  path: string;
  status: number;
  /** Client address as the API saw it ("unknown" when the server could not tell). */
  clientIp: string;
  userAgent: string | null;
  durationMs: number;
  /** Short description of the request: body size and type, resource id, or query. */
  requestSummary: string | null;
  /** Short description of the response: item count, resource id, or error code. */
  responseSummary: string | null;
  errorCode: string | null;
  /** The response's X-Request-Id. */
  requestId: string;
  /** Why the request was refused; null when it was not refused. */
  refusalReason: RefusalReason | null;
  /** Made with a token that had already been rotated (see lib/services/tokens/rotate-token.ts). */
  afterRotation: boolean;
  /** The scope the operation needed, when refused for insufficient_scope; else null or absent. */
  requiredScope?: string | null;
  /** The domain the request touched (set by the domain operations); null otherwise. */
  domainId?: string | null;
  /**
   * The declared operation ("GET /api/v1/domains/{id}") and the scope it required ("self"
   * for a token acting on itself): what the Access advisor's rollup counts. Null for
   * unknown routes and wrong methods.
   */
  operation: string | null;
  scope: string | null;
}
