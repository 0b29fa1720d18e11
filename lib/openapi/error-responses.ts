import { MAX_BODY_BYTES } from "@/lib/api/request-body";
import { AUTH_MESSAGES } from "@/lib/auth/api-auth-messages";
import { ERROR_STATUS, type ErrorCode } from "@/lib/errors";

// The document's shared answers: the error responses (components.responses), the headers
// every answer carries, and which errors every authenticated operation can answer.

export const COMPONENT_REF = (id: string) => `#/components/schemas/${id}`;

const errorContent = (example: { code: ErrorCode; message: string }) => ({
  "application/json": {
    schema: { $ref: COMPONENT_REF("Error") },
    example: { error: example },
  },
});

export const requestIdHeader = { $ref: "#/components/headers/X-Request-Id" };
const retryAfterHeader = {
  description: "Seconds to wait before retrying.",
  schema: { type: "integer" },
};
// Every authenticated answer carries the token's per-minute allowance.
export const rateLimitHeaderRefs = {
  "RateLimit-Limit": { $ref: "#/components/headers/RateLimit-Limit" },
  "RateLimit-Remaining": { $ref: "#/components/headers/RateLimit-Remaining" },
  "RateLimit-Reset": { $ref: "#/components/headers/RateLimit-Reset" },
};

function errorResponse(
  description: string,
  example: { code: ErrorCode; message: string },
  headers: Record<string, unknown> = {},
) {
  return {
    description,
    headers: { "X-Request-Id": requestIdHeader, ...headers },
    content: errorContent(example),
  };
}

export const ERROR_RESPONSES = {
  BadRequest: errorResponse("The body is not valid JSON (or not valid UTF-8).", {
    code: "bad_request",
    message: "Request body is not valid JSON",
  }),
  Unauthorized: errorResponse(
    `Authentication failed. "${AUTH_MESSAGES.missing}" when the header is absent or repeated, uses another scheme or does not hold a well-formed token; "${AUTH_MESSAGES.invalid}" for unknown, revoked, expired and rotated (past their grace period) tokens alike.`,
    { code: "unauthorized", message: AUTH_MESSAGES.missing },
    {
      "WWW-Authenticate": {
        description: 'Always `Bearer realm="MailShield"` (RFC 6750).',
        schema: { type: "string" },
      },
    },
  ),
  Forbidden: errorResponse(
    `The token is valid but may not be used here: "${AUTH_MESSAGES.ipDenied}" when the client IP is outside the token's allowlist, "${AUTH_MESSAGES.planDenied}" when the organization's plan has no API access, or code \`insufficient_scope\` (with \`WWW-Authenticate: Bearer error="insufficient_scope", scope="…"\`) when the token lacks the operation's scope.`,
    { code: "forbidden", message: AUTH_MESSAGES.ipDenied },
  ),
  NotFound: errorResponse(
    "No such resource in the token's organization (resources of other organizations are reported the same way), or no such route.",
    { code: "not_found", message: "Domain not found" },
  ),
  MethodNotAllowed: errorResponse(
    "The path exists but does not support this method.",
    { code: "method_not_allowed", message: "Method PUT is not allowed on this resource" },
    { Allow: { description: "The methods the path supports.", schema: { type: "string" } } },
  ),
  Conflict: errorResponse("The resource already exists.", {
    code: "conflict",
    message: "The domain example.com already exists in this organization",
  }),
  PayloadTooLarge: errorResponse(`The body exceeds ${MAX_BODY_BYTES / 1024} KB.`, {
    code: "payload_too_large",
    message: `Request body must not exceed ${MAX_BODY_BYTES / 1024} KB`,
  }),
  ValidationError: errorResponse(
    "The request is well-formed but its values are not valid; see `issues`.",
    {
      code: "validation_error",
      message: "Request validation failed",
    },
  ),
  RateLimited: errorResponse(
    "Too many requests: failed authentications from the client IP, or the token's per-minute request limit for the plan; for operations without a token, requests from the client IP.",
    { code: "rate_limited", message: "Too many requests" },
    {
      "Retry-After": retryAfterHeader,
      "RateLimit-Limit": {
        description: "Requests allowed per window.",
        schema: { type: "integer" },
      },
      "RateLimit-Remaining": {
        description: "Requests left in the window.",
        schema: { type: "integer" },
      },
      "RateLimit-Reset": {
        description: "Seconds until the window resets.",
        schema: { type: "integer" },
      },
    },
  ),
  InternalError: errorResponse(
    "An unexpected error. No details are disclosed; quote the X-Request-Id.",
    {
      code: "internal_error",
      message: "Internal server error",
    },
  ),
  ServiceUnavailable: errorResponse(
    "The database is temporarily unavailable. Retry after the indicated delay.",
    {
      code: "service_unavailable",
      message: "The service is temporarily unavailable. Please retry shortly.",
    },
    {
      "Retry-After": retryAfterHeader,
    },
  ),
} as const;

export type ErrorResponseName = keyof typeof ERROR_RESPONSES;

/** The HTTP status of an error response: its example's code, through the one code → status map. */
function statusOf(name: ErrorResponseName): string {
  return String(ERROR_STATUS[ERROR_RESPONSES[name].content["application/json"].example.error.code]);
}

// Every operation can fail in these ways, whatever it does; authenticated ones also in the
// ways of authentication.
const ALWAYS: ErrorResponseName[] = [
  "MethodNotAllowed",
  "RateLimited",
  "InternalError",
  "ServiceUnavailable",
];
const AUTHENTICATION: ErrorResponseName[] = ["Unauthorized", "Forbidden"];

export function errorRefs(
  names: ErrorResponseName[],
  { authenticated }: { authenticated: boolean },
): Record<string, { $ref: string }> {
  const always = authenticated ? [...AUTHENTICATION, ...ALWAYS] : ALWAYS;
  const all = [...new Set([...names, ...always])].sort((a, b) =>
    statusOf(a).localeCompare(statusOf(b)),
  );
  return Object.fromEntries(
    all.map((name) => [statusOf(name), { $ref: `#/components/responses/${name}` }]),
  );
}

/** The documented error response answering `code`. */
export function errorResponseFor(code: ErrorCode): ErrorResponseName {
  const names = Object.keys(ERROR_RESPONSES) as ErrorResponseName[];
  const name = names.find(
    (candidate) =>
      ERROR_RESPONSES[candidate].content["application/json"].example.error.code === code,
  );
  if (!name) throw new Error(`No documented error response for ${code}`);
  return name;
}
