import "server-only";
import { AUTH_MESSAGES, WWW_AUTHENTICATE } from "@/lib/auth/api-auth-messages";
import { isIpAllowed } from "@/lib/auth/ip-allowlist";
import { REPEATED_AUTHORIZATION_HEADER } from "@/lib/auth/repeated-authorization.mjs";
import { hashApiToken, isWellFormedApiToken } from "@/lib/auth/token";
import { type TokenAccessRefusal, tokenAccessRefusal } from "@/lib/auth/token-access";
import { clock } from "@/lib/clock";
import { AppError } from "@/lib/errors";
import { findStoredTokenByHash, type StoredTokenForAuth } from "@/lib/sql";

export { AUTH_MESSAGES, WWW_AUTHENTICATE };

// A well-formed header is "Bearer " plus a 46-character token; anything much longer is
// rejected before any regular expression runs on it.
const MAX_AUTHORIZATION_LENGTH = 256;
const AUTHORIZATION_PATTERN = /^([A-Za-z]+)[ \t]+(\S+)$/;

export type ParsedAuthorization = { ok: true; token: string } | { ok: false };

/**
 * Extracts the token from an `Authorization: Bearer <token>` header. The scheme name is
 * case-insensitive and surrounding whitespace is ignored; the token must have the exact
 * MailShield shape. Nothing about a rejected value is kept.
 */
export function parseAuthorizationHeader(value: string | null | undefined): ParsedAuthorization {
  if (!value || value.length > MAX_AUTHORIZATION_LENGTH) return { ok: false };
  const match = AUTHORIZATION_PATTERN.exec(value.trim());
  const scheme = match?.[1];
  const token = match?.[2];
  if (!scheme || !token || scheme.toLowerCase() !== "bearer") return { ok: false };
  return isWellFormedApiToken(token) ? { ok: true, token } : { ok: false };
}

export type { StoredTokenForAuth };

/** Why a presented token was refused, as recorded on its log row (never told to the caller). */
export type TokenRefusalReason = TokenAccessRefusal | "ip_not_allowed";

export type ApiAuthResult =
  | { ok: true; token: StoredTokenForAuth; clientIp: string | null }
  | {
      ok: false;
      error: AppError;
      /** No stored token to attribute the request to: nothing or a malformed value, or no match. */
      reason: "missing_or_malformed" | "unknown_token";
      token: null;
      clientIp: string | null;
    }
  | {
      ok: false;
      error: AppError;
      reason: TokenRefusalReason;
      /** The stored token the request presented (for request logging). */
      token: StoredTokenForAuth;
      clientIp: string | null;
    };

/**
 * The request's one Authorization header, or null when it has none or more than one: two
 * credentials are refused, since a proxy or WAF in front may read another one than the app.
 * server.mjs marks a request whose raw headers repeat it (Node keeps the first only); a
 * Headers object built in-process joins repeated headers with ", ", and a well-formed
 * credential holds no comma, so a comma means two as well.
 */
export function singleAuthorization(headers: Pick<Headers, "get">): string | null {
  if (headers.get(REPEATED_AUTHORIZATION_HEADER) !== null) return null;
  const value = headers.get("authorization");
  return value === null || value.includes(",") ? null : value;
}

/**
 * The SHA-256 of the token in an `Authorization: Bearer` header (singleAuthorization), or
 * null when the header is missing or malformed. The hash is all that is kept of the
 * presented value.
 */
export function presentedTokenHash(authorization: string | null | undefined): string | null {
  const parsed = parseAuthorizationHeader(authorization);
  return parsed.ok ? hashApiToken(parsed.token) : null;
}

/**
 * Authenticates an /api/v1 request by the hash of the token its header presents
 * (presentedTokenHash of singleAuthorization). The checks run in the documented order and
 * each failure has one fixed message:
 * 1. header missing, malformed or repeated → 401 (with WWW-Authenticate)
 * 2. unknown, revoked, expired or rotated token past its grace period → 401, the same
 *    message for all four
 * 3. client IP outside the token's allowlist → 403
 * 4. organization's plan without API access → 403
 * The caller learns which check failed (`reason`) for its own log, never the client.
 * There is no cache: every request reads the current row, so revocation and plan changes
 * apply to the very next request on every instance.
 */
export async function authenticateTokenHash(
  tokenHash: string | null,
  options: { clientIp: string | null; now?: Date },
): Promise<ApiAuthResult> {
  const ip = options.clientIp;
  const now = options.now ?? clock.now();
  if (tokenHash === null) {
    const error = new AppError("unauthorized", AUTH_MESSAGES.missing, {
      headers: { "WWW-Authenticate": WWW_AUTHENTICATE },
    });
    return { ok: false, error, reason: "missing_or_malformed", token: null, clientIp: ip };
  }

  // Unknown, revoked, expired and rotated are told apart only in the log: to the caller they
  // are one answer, so the holder of a leaked token learns nothing about it.
  const token = await findStoredTokenByHash(tokenHash);
  if (!token) {
    return { ok: false, error: invalidToken(), reason: "unknown_token", token: null, clientIp: ip };
  }
  // One judgement of the token's access (lib/auth/token-access.ts), answered in the
  // documented order: the plan's refusal comes after the allowlist's.
  const refusal = tokenAccessRefusal(token, now);
  if (refusal !== null && refusal !== "plan_without_api_access") {
    return { ok: false, error: invalidToken(), reason: refusal, token, clientIp: ip };
  }

  if (token.ipAllowlist.length > 0 && (ip === null || !isIpAllowed(ip, token.ipAllowlist))) {
    const error = new AppError("forbidden", AUTH_MESSAGES.ipDenied);
    return { ok: false, error, reason: "ip_not_allowed", token, clientIp: ip };
  }

  if (refusal === "plan_without_api_access") {
    const error = new AppError("forbidden", AUTH_MESSAGES.planDenied);
    return { ok: false, error, reason: "plan_without_api_access", token, clientIp: ip };
  }

  return { ok: true, token, clientIp: ip };
}

function invalidToken(): AppError {
  return new AppError("unauthorized", AUTH_MESSAGES.invalid, {
    headers: { "WWW-Authenticate": `${WWW_AUTHENTICATE}, error="invalid_token"` },
  });
}
