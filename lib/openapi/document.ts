import { z } from "zod";
import { MAX_BODY_BYTES } from "@/lib/api/request-body";
import { AUTH_MESSAGES } from "@/lib/auth/api-auth-messages";
import { TOKEN_PREFIX, TOKEN_SECRET_LENGTH } from "@/lib/auth/token-format";
import { ERROR_STATUS, type ErrorCode } from "@/lib/errors";
import { describeApiRateLimits } from "@/lib/plans";
import { apiErrorSchema, validationIssueSchema } from "@/lib/validations/api-error";
import {
  createDomainSchema,
  domainListSchema,
  domainResponseSchema,
  domainSchema,
} from "@/lib/validations/domain";
import { pageQuerySchema, paginationSchema } from "@/lib/validations/pagination";

// The OpenAPI 3.1 description of /api/v1, generated from the same Zod schemas the
// handlers validate and serialize with, so the document cannot drift from the code.

const COMPONENT_REF = (id: string) => `#/components/schemas/${id}`;

type JsonSchema = Record<string, unknown>;

// Zod spells out the regular expressions behind `format: uuid` and `format: date-time`;
// the format alone is the standard way to say it and keeps the document readable.
function dropFormatPatterns(ctx: { jsonSchema: JsonSchema }): void {
  const { jsonSchema } = ctx;
  if (jsonSchema.format === "uuid" || jsonSchema.format === "date-time") delete jsonSchema.pattern;
  if (jsonSchema.type === "integer") {
    if (jsonSchema.minimum === Number.MIN_SAFE_INTEGER) delete jsonSchema.minimum;
    if (jsonSchema.maximum === Number.MAX_SAFE_INTEGER) delete jsonSchema.maximum;
  }
}

function componentSchemas(): Record<string, JsonSchema> {
  const responses = z.registry<{ id: string }>();
  responses.add(domainSchema, { id: "Domain" });
  responses.add(domainResponseSchema, { id: "DomainResponse" });
  responses.add(paginationSchema, { id: "Pagination" });
  responses.add(domainListSchema, { id: "DomainList" });
  responses.add(validationIssueSchema, { id: "ValidationIssue" });
  responses.add(apiErrorSchema, { id: "Error" });

  const requests = z.registry<{ id: string }>();
  requests.add(createDomainSchema, { id: "CreateDomainRequest" });

  const output = z.toJSONSchema(responses, {
    uri: COMPONENT_REF,
    io: "output",
    override: (ctx) => {
      dropFormatPatterns(ctx);
      // Responses may gain fields in later versions; clients must not reject them.
      if (ctx.jsonSchema.additionalProperties === false) delete ctx.jsonSchema.additionalProperties;
    },
  });
  const input = z.toJSONSchema(requests, {
    uri: COMPONENT_REF,
    io: "input",
    override: dropFormatPatterns,
  });
  return stripDialect({ ...output.schemas, ...input.schemas });
}

// OpenAPI 3.1 sets the JSON Schema dialect once for the whole document.
function stripDialect(schemas: Record<string, JsonSchema>): Record<string, JsonSchema> {
  return Object.fromEntries(
    Object.entries(schemas).map(([id, schema]) => {
      const { $schema: _dialect, $id: _id, ...rest } = schema;
      return [id, rest];
    }),
  );
}

function queryParameters(schema: z.ZodObject): JsonSchema[] {
  const json = z.toJSONSchema(schema, { io: "input", override: dropFormatPatterns }) as {
    properties?: Record<string, JsonSchema>;
    required?: string[];
  };
  return Object.entries(json.properties ?? {}).map(([name, property]) => {
    const { description, ...propertySchema } = property;
    return {
      name,
      in: "query",
      required: json.required?.includes(name) ?? false,
      description,
      schema: propertySchema,
    };
  });
}

const errorContent = (example: { code: ErrorCode; message: string }) => ({
  "application/json": {
    schema: { $ref: COMPONENT_REF("Error") },
    example: { error: example },
  },
});

const requestIdHeader = { $ref: "#/components/headers/X-Request-Id" };
const retryAfterHeader = {
  description: "Seconds to wait before retrying.",
  schema: { type: "integer" },
};
// Every authenticated answer carries the token's per-minute allowance.
const rateLimitHeaderRefs = {
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

const ERROR_RESPONSES = {
  BadRequest: errorResponse("The body is not valid JSON (or not valid UTF-8).", {
    code: "bad_request",
    message: "Request body is not valid JSON",
  }),
  Unauthorized: errorResponse(
    `Authentication failed. "${AUTH_MESSAGES.missing}" when the header is absent, uses another scheme or does not hold a well-formed token; "${AUTH_MESSAGES.invalid}" for unknown, revoked and expired tokens alike.`,
    { code: "unauthorized", message: AUTH_MESSAGES.missing },
    {
      "WWW-Authenticate": {
        description: 'Always `Bearer realm="MailShield"` (RFC 6750).',
        schema: { type: "string" },
      },
    },
  ),
  Forbidden: errorResponse(
    `The token is valid but may not be used here: "${AUTH_MESSAGES.ipDenied}" when the client IP is outside the token's allowlist, "${AUTH_MESSAGES.planDenied}" when the organization's plan has no API access.`,
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
    "Too many requests: failed authentications from the client IP, or the token's per-minute request limit for the plan.",
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

type ErrorResponseName = keyof typeof ERROR_RESPONSES;

/** The HTTP status of an error response: its example's code, through the one code → status map. */
function statusOf(name: ErrorResponseName): string {
  return String(ERROR_STATUS[ERROR_RESPONSES[name].content["application/json"].example.error.code]);
}

// Every authenticated operation can fail in these ways, whatever it does.
const ALWAYS: ErrorResponseName[] = [
  "Unauthorized",
  "Forbidden",
  "MethodNotAllowed",
  "RateLimited",
  "InternalError",
  "ServiceUnavailable",
];

function errorRefs(names: ErrorResponseName[]): Record<string, { $ref: string }> {
  const all = [...new Set([...names, ...ALWAYS])].sort((a, b) =>
    statusOf(a).localeCompare(statusOf(b)),
  );
  return Object.fromEntries(
    all.map((name) => [statusOf(name), { $ref: `#/components/responses/${name}` }]),
  );
}

function jsonBody(ref: string, description: string, headers: Record<string, unknown> = {}) {
  return {
    description,
    headers: { "X-Request-Id": requestIdHeader, ...rateLimitHeaderRefs, ...headers },
    content: { "application/json": { schema: { $ref: COMPONENT_REF(ref) } } },
  };
}

const domainIdParameter = {
  name: "id",
  in: "path",
  required: true,
  description:
    "The domain's id. Ids that are not UUIDs, or belong to another organization, give 404.",
  schema: { type: "string", format: "uuid" },
};

const DESCRIPTION = `The MailShield REST API.

**Authentication.** Send an API token from the dashboard's API Tokens page as
\`Authorization: Bearer ms_…\`. Tokens belong to an organization; every request sees only
that organization's data. Revoking a token or changing the plan takes effect on the next request.

**Errors.** Every error is JSON: \`{"error": {"code": "…", "message": "…"}}\`; validation errors
add \`issues\`. Codes are stable; messages are for humans. Every response carries an
\`X-Request-Id\` header (send your own, up to 128 characters of \`A-Z a-z 0-9 . _ : -\`, to
correlate).

**Pagination.** List endpoints return \`{"data": […], "pagination": {"limit", "nextCursor",
"hasMore"}}\`, newest first. Pass \`nextCursor\` as \`cursor\` to get the next page; \`limit\` is
1–100 (default 25).

**Client IP.** Token IP allowlists are matched against the address of the connecting client
(or, when the server is configured to trust reverse proxies, the address they forward).`;

/** Builds the document; `serverUrl` is the origin the API is served from. */
export function buildOpenApiDocument(serverUrl?: string): Record<string, unknown> {
  return {
    openapi: "3.1.0",
    jsonSchemaDialect: "https://json-schema.org/draft/2020-12/schema",
    info: { title: "MailShield API", version: "1.0.0", description: DESCRIPTION },
    ...(serverUrl && { servers: [{ url: serverUrl }] }),
    security: [{ bearerAuth: [] }],
    paths: {
      "/api/v1/domains": {
        get: {
          operationId: "listDomains",
          summary: "List domains",
          description: "The organization's domains, newest first, with cursor pagination.",
          tags: ["Domains"],
          parameters: queryParameters(pageQuerySchema),
          responses: {
            "200": jsonBody("DomainList", "A page of domains."),
            ...errorRefs(["ValidationError"]),
          },
        },
        post: {
          operationId: "createDomain",
          summary: "Add a domain",
          description: "Adds a domain to monitor. Its checks start as `pending`.",
          tags: ["Domains"],
          requestBody: {
            required: true,
            content: {
              "application/json": {
                schema: { $ref: COMPONENT_REF("CreateDomainRequest") },
                example: { name: "example.com" },
              },
            },
          },
          responses: {
            "201": jsonBody("DomainResponse", "The domain was added.", {
              Location: { description: "URL of the new domain.", schema: { type: "string" } },
            }),
            ...errorRefs(["BadRequest", "Conflict", "PayloadTooLarge", "ValidationError"]),
          },
        },
      },
      "/api/v1/domains/{id}": {
        parameters: [domainIdParameter],
        get: {
          operationId: "getDomain",
          summary: "Get a domain",
          tags: ["Domains"],
          responses: {
            "200": jsonBody("DomainResponse", "The domain."),
            ...errorRefs(["NotFound"]),
          },
        },
        delete: {
          operationId: "deleteDomain",
          summary: "Delete a domain",
          description: "Stops monitoring the domain and deletes it. Answers 204 with no body.",
          tags: ["Domains"],
          responses: {
            "204": {
              description: "Deleted.",
              headers: { "X-Request-Id": requestIdHeader, ...rateLimitHeaderRefs },
            },
            ...errorRefs(["NotFound"]),
          },
        },
      },
      "/api/v1/openapi.json": {
        get: {
          operationId: "getOpenApiDocument",
          summary: "This document",
          tags: ["Meta"],
          security: [],
          responses: {
            "200": {
              description: "The OpenAPI 3.1 document.",
              content: { "application/json": { schema: { type: "object" } } },
            },
          },
        },
      },
    },
    components: {
      securitySchemes: {
        bearerAuth: {
          type: "http",
          scheme: "bearer",
          bearerFormat: `${TOKEN_PREFIX} token`,
          description: `An API token (\`${TOKEN_PREFIX}\` followed by ${TOKEN_SECRET_LENGTH} characters) created on the dashboard's API Tokens page. The organization's plan must include API access (Pro and above).`,
        },
      },
      headers: {
        "X-Request-Id": {
          description:
            "Identifies the request in MailShield's logs; echoes a sane incoming X-Request-Id.",
          schema: { type: "string" },
        },
        "RateLimit-Limit": {
          description: `Requests the token may make per minute on the organization's plan (${describeApiRateLimits()}; Enterprise as agreed).`,
          schema: { type: "integer" },
        },
        "RateLimit-Remaining": {
          description: "Requests left in the current one-minute window.",
          schema: { type: "integer" },
        },
        "RateLimit-Reset": {
          description: "Seconds until the current window ends and the allowance is restored.",
          schema: { type: "integer" },
        },
      },
      schemas: componentSchemas(),
      responses: ERROR_RESPONSES,
    },
  };
}
