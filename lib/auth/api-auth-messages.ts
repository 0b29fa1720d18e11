// The exact, documented outcomes of /api/v1 authentication. Kept free of server imports
// so the OpenAPI document and the dashboard's docs can quote them.

export const AUTH_MESSAGES = {
  missing: "Missing or invalid Authorization header",
  invalid: "Invalid or expired API token",
  ipDenied: "IP address not allowed for this token",
  planDenied: "API access not enabled (upgrade required)",
} as const;

/** Sent with every 401 (RFC 6750 §3). */
export const WWW_AUTHENTICATE = 'Bearer realm="MailShield"';
