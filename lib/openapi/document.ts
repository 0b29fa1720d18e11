import { z } from "zod";
import {
  declaredErrorCodes,
  isPublicOperation,
  type Operation,
  type OperationDeclaration,
} from "@/lib/api/operation";
import { TOKEN_PREFIX, TOKEN_SECRET_LENGTH } from "@/lib/auth/token-format";
import {
  COMPONENT_REF,
  ERROR_RESPONSES,
  errorRefs,
  errorResponseFor,
  rateLimitHeaderRefs,
  requestIdHeader,
} from "@/lib/openapi/error-responses";
import { scopesDescription } from "@/lib/openapi/permission-table";
import { SELF_SCOPE } from "@/lib/permissions";
import { describeApiRateLimits } from "@/lib/plans";
import {
  accessLogEntrySchema,
  accessLogListSchema,
  accessLogPaginationSchema,
} from "@/lib/validations/access-log-api";
import { apiErrorSchema, validationIssueSchema } from "@/lib/validations/api-error";
import { auditEventListSchema, auditEventSchema } from "@/lib/validations/audit-event";
import {
  createDomainSchema,
  domainListSchema,
  domainResponseSchema,
  domainSchema,
} from "@/lib/validations/domain";
import { paginationSchema } from "@/lib/validations/pagination";
import {
  secretScanningReportSchema,
  secretScanningReportsSchema,
  secretScanningResultSchema,
  secretScanningResultsSchema,
} from "@/lib/validations/secret-scanning";
import {
  apiTokenListSchema,
  apiTokenResponseSchema,
  apiTokenSchema,
  createdApiTokenResponseSchema,
  createdApiTokenSchema,
  createTokenBodySchema,
  rotatedApiTokenResponseSchema,
  rotatedApiTokenSchema,
  rotateTokenBodySchema,
  updateTokenBodySchema,
} from "@/lib/validations/token-api";
import { tokenUsageResponseSchema, tokenUsageSchema } from "@/lib/validations/token-usage-api";
import {
  createWebhookSchema,
  updateWebhookSchema,
  webhookDeliveryListSchema,
  webhookDeliverySchema,
  webhookListSchema,
  webhookResponseSchema,
  webhookSchema,
  webhookWithSecretResponseSchema,
  webhookWithSecretSchema,
} from "@/lib/validations/webhook";

// The OpenAPI 3.1 description of /api/v1, generated from the operations' declarations
// (lib/api/operation.ts) and the same Zod schemas the handlers validate and serialize with,
// so the document cannot drift from the code.

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

// The named schemas of the document. Declared responses and bodies refer to them by identity.
const RESPONSE_COMPONENTS: ReadonlyArray<[z.ZodType, string]> = [
  [domainSchema, "Domain"],
  [domainResponseSchema, "DomainResponse"],
  [paginationSchema, "Pagination"],
  [domainListSchema, "DomainList"],
  [apiTokenSchema, "Token"],
  [apiTokenResponseSchema, "TokenResponse"],
  [apiTokenListSchema, "TokenList"],
  [createdApiTokenSchema, "CreatedToken"],
  [createdApiTokenResponseSchema, "CreatedTokenResponse"],
  [rotatedApiTokenSchema, "RotatedToken"],
  [rotatedApiTokenResponseSchema, "RotatedTokenResponse"],
  [tokenUsageSchema, "TokenUsage"],
  [tokenUsageResponseSchema, "TokenUsageResponse"],
  [accessLogEntrySchema, "AccessLogEntry"],
  [accessLogPaginationSchema, "AccessLogPagination"],
  [accessLogListSchema, "AccessLogList"],
  [auditEventSchema, "AuditEvent"],
  [auditEventListSchema, "AuditEventList"],
  [webhookSchema, "Webhook"],
  [webhookResponseSchema, "WebhookResponse"],
  [webhookListSchema, "WebhookList"],
  [webhookWithSecretSchema, "WebhookWithSecret"],
  [webhookWithSecretResponseSchema, "WebhookWithSecretResponse"],
  [webhookDeliverySchema, "WebhookDelivery"],
  [webhookDeliveryListSchema, "WebhookDeliveryList"],
  [secretScanningResultSchema, "SecretScanningResult"],
  [secretScanningResultsSchema, "SecretScanningResults"],
  [validationIssueSchema, "ValidationIssue"],
  [apiErrorSchema, "Error"],
];
const REQUEST_COMPONENTS: ReadonlyArray<[z.ZodType, string]> = [
  [createDomainSchema, "CreateDomainRequest"],
  [createTokenBodySchema, "CreateTokenRequest"],
  [updateTokenBodySchema, "UpdateTokenRequest"],
  [rotateTokenBodySchema, "RotateTokenRequest"],
  [createWebhookSchema, "CreateWebhookRequest"],
  [updateWebhookSchema, "UpdateWebhookRequest"],
  [secretScanningReportSchema, "SecretScanningReport"],
  [secretScanningReportsSchema, "SecretScanningReports"],
];

function registryOf(components: ReadonlyArray<[z.ZodType, string]>) {
  const registry = z.registry<{ id: string }>();
  for (const [schema, id] of components) registry.add(schema, { id });
  return registry;
}

/** The name a schema has in the document, if it is one of its components. */
export function componentName(schema: z.ZodType): string | undefined {
  return [...RESPONSE_COMPONENTS, ...REQUEST_COMPONENTS].find(
    ([candidate]) => candidate === schema,
  )?.[1];
}

/** The `$ref` of a declared schema; a schema without a component name is a mistake here. */
function componentRef(schema: z.ZodType) {
  const id = componentName(schema);
  if (!id) throw new Error("A declared response or body schema has no component name");
  return { $ref: COMPONENT_REF(id) };
}

function componentSchemas(): Record<string, JsonSchema> {
  const output = z.toJSONSchema(registryOf(RESPONSE_COMPONENTS), {
    uri: COMPONENT_REF,
    io: "output",
    override: (ctx) => {
      dropFormatPatterns(ctx);
      // Responses may gain fields in later versions; clients must not reject them.
      if (ctx.jsonSchema.additionalProperties === false) delete ctx.jsonSchema.additionalProperties;
    },
  });
  const input = z.toJSONSchema(registryOf(REQUEST_COMPONENTS), {
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

/** One OpenAPI parameter per property of an object schema (query or path). */
function parametersOf(schema: z.ZodType, location: "query" | "path"): JsonSchema[] {
  const json = z.toJSONSchema(schema, { io: "input", override: dropFormatPatterns }) as {
    properties?: Record<string, JsonSchema>;
    required?: string[];
  };
  return Object.entries(json.properties ?? {}).map(([name, property]) => {
    const { description, ...propertySchema } = property;
    return {
      name,
      in: location,
      required: location === "path" || (json.required?.includes(name) ?? false),
      description,
      schema: propertySchema,
    };
  });
}

function successResponses(operation: OperationDeclaration): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(operation.responses).map(([status, declared]) => {
      const headers = Object.fromEntries(
        Object.entries(declared.headers ?? {}).map(([name, description]) => [
          name,
          { description, schema: { type: "string" } },
        ]),
      );
      return [
        status,
        {
          description: declared.description,
          headers: { "X-Request-Id": requestIdHeader, ...rateLimitHeaderRefs, ...headers },
          ...(declared.schema && {
            content: {
              "application/json": { schema: componentRef(declared.schema) },
            },
          }),
        },
      ];
    }),
  );
}

/** The scope the token needs (none for the token itself); public operations need no token. */
function securityOf(operation: OperationDeclaration): unknown[] {
  if (operation.auth === "none") return [];
  return [{ bearerAuth: operation.scope === SELF_SCOPE ? [] : [operation.scope] }];
}

function operationObject(operation: OperationDeclaration): Record<string, unknown> {
  const { body, bodyExample, query } = operation;
  return {
    operationId: operation.operationId,
    summary: operation.summary,
    ...(operation.description && { description: operation.description }),
    tags: [operation.tag],
    security: securityOf(operation),
    ...(query && { parameters: parametersOf(query, "query") }),
    ...(body && {
      requestBody: {
        required: true,
        content: {
          "application/json": {
            schema: componentRef(body),
            ...(bodyExample !== undefined && { example: bodyExample }),
          },
        },
      },
    }),
    responses: {
      ...successResponses(operation),
      ...errorRefs(declaredErrorCodes(operation).map(errorResponseFor), {
        authenticated: !isPublicOperation(operation),
      }),
    },
  };
}

/** The `paths` object: one path item per declared path, one operation per declared method. */
function pathsOf(operations: readonly Operation[]): Record<string, Record<string, unknown>> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const operation of operations) {
    const item = paths[operation.path] ?? {
      ...(operation.params && { parameters: parametersOf(operation.params, "path") }),
    };
    item[operation.method.toLowerCase()] = operationObject(operation);
    paths[operation.path] = item;
  }
  return paths;
}

const DESCRIPTION = `The MailShield REST API.

**Authentication.** Send an API token from the dashboard's API Tokens page as
\`Authorization: Bearer ms_…\`. Tokens belong to an organization; every request sees only
that organization's data. Revoking a token or changing the plan takes effect on the next request.
Operations marked \`security: []\` (reporting exposed tokens) need no token and are limited
per client IP instead.

**Errors.** Every error is JSON: \`{"error": {"code": "…", "message": "…"}}\`; validation errors
add \`issues\`. Codes are stable; messages are for humans. Every response carries an
\`X-Request-Id\` header (send your own, up to 128 characters of \`A-Z a-z 0-9 . _ : -\`, to
correlate).

**Pagination.** List endpoints return \`{"data": […], "pagination": {"limit", "nextCursor",
"hasMore"}}\`, newest first. Pass \`nextCursor\` as \`cursor\` to get the next page; \`limit\` is
1–100 (default 25).

**Client IP.** Token IP allowlists are matched against the address of the connecting client
(or, when the server is configured to trust reverse proxies, the address they forward).`;

/**
 * Builds the document from the declared operations (app/api/v1/operations.ts); `serverUrl`
 * is the origin the API is served from.
 */
export function buildOpenApiDocument(
  operations: readonly Operation[],
  serverUrl?: string,
): Record<string, unknown> {
  return {
    openapi: "3.1.0",
    jsonSchemaDialect: "https://json-schema.org/draft/2020-12/schema",
    info: { title: "MailShield API", version: "1.0.0", description: DESCRIPTION },
    ...(serverUrl && { servers: [{ url: serverUrl }] }),
    security: [{ bearerAuth: [] }],
    paths: {
      ...pathsOf(operations),
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
          description: `An API token (\`${TOKEN_PREFIX}\` followed by ${TOKEN_SECRET_LENGTH} characters) created on the dashboard's API Tokens page. The organization's plan must include API access (Pro and above).\n\n${scopesDescription()}`,
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
