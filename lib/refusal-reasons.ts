// Why a logged /api/v1 request was refused, stored on its log row and shown to the
// customer in words (Access Logs, a token's activity, the CSV). The API itself keeps
// answering with the documented codes (401 unauthorized, 403 forbidden, 429
// rate_limited): the reason is for the token's owner, never for the caller.
// Kept free of server imports so dashboard components can read the words.

export const REFUSAL_REASONS = {
  token_revoked: "Token revoked",
  token_expired: "Token expired",
  token_rotated: "Token rotated: its grace period is over",
  ip_not_allowed: "IP address not in the token's allowlist",
  plan_without_api_access: "Plan without API access",
  rate_limited: "Token's rate limit exceeded",
  failed_auth_limit: "Too many failed authentications from this IP address",
  insufficient_scope: "Token lacks the required scope",
} as const;

export type RefusalReason = keyof typeof REFUSAL_REASONS;

export function isRefusalReason(value: unknown): value is RefusalReason {
  return typeof value === "string" && Object.hasOwn(REFUSAL_REASONS, value);
}

/**
 * The words for a logged refusal, naming the missing scope when the log recorded it
 * ("Token lacks the domains:write scope this request needs"); else describeRefusalReason.
 */
export function describeRefusal(log: {
  refusalReason: string | null;
  requiredScope?: string | null;
}): string | null {
  if (log.refusalReason === "insufficient_scope" && log.requiredScope) {
    return `Token lacks the ${log.requiredScope} scope this request needs`;
  }
  return describeRefusalReason(log.refusalReason);
}

/** The words for a stored reason; null for none or for a value this version does not know. */
export function describeRefusalReason(value: string | null | undefined): string | null {
  return isRefusalReason(value) ? REFUSAL_REASONS[value] : null;
}
