import { z } from "zod";
import { REFUSAL_REASONS } from "@/lib/refusal-reasons";
import {
  DEFAULT_LOG_PAGE_SIZE,
  decodeLogCursor,
  MAX_LOG_PAGE_SIZE,
  requestLogFilterParamSchemas,
  TIME_RANGE_PRESETS,
} from "@/lib/validations/logs";
import { INVALID_CURSOR_MESSAGE, paginationSchema } from "@/lib/validations/pagination";

// GET /api/v1/logs: the Access Logs page's filters as query parameters (the same schemas,
// lib/validations/logs.ts, so a link's parameters mean the same on both) and the JSON an
// entry is answered as (one schema, used by the handler through toAccessLogEntryJson in
// app/api/v1/logs/operations.ts, and by the OpenAPI document).

const params = requestLogFilterParamSchemas;

/** The query: each parameter of the dashboard's filters, optional; invalid ones are a 422. */
export const accessLogQuerySchema = z.object({
  token: params.token.optional().meta({ description: "Only requests made with this token (id)." }),
  domain: params.domain.optional().meta({
    description: "Only requests that touched this domain (id): the domain operations record it.",
  }),
  status: params.status.optional().meta({
    description: "A status class (`2xx`, `3xx`, `4xx`, `5xx`) or one status code.",
    examples: ["4xx"],
  }),
  code: params.code.optional().meta({
    description: "Comma-separated status codes, at most 10; within `status` when both are set.",
    examples: ["401,403"],
  }),
  method: params.method.optional().meta({ description: "Only this HTTP method." }),
  ip: params.ip.optional().meta({
    description: "Client IP address or CIDR range.",
    examples: ["203.0.113.0/24"],
  }),
  path: params.path.optional().meta({
    description: "Only paths (with query string) containing this text.",
  }),
  request_id: params.request_id.optional().meta({ description: "One request's X-Request-Id." }),
  range: params.range.optional().meta({
    description: `The last ${TIME_RANGE_PRESETS.join(", ")}; cannot be combined with from/to.`,
  }),
  from: params.from.optional().meta({
    description: "From this instant (ISO date or date-time; a date is 00:00 UTC).",
  }),
  to: params.to.optional().meta({ description: "Up to this instant; not before `from`." }),
  cursor: z
    .string()
    .refine((value) => decodeLogCursor(value) !== null, { error: INVALID_CURSOR_MESSAGE })
    .optional()
    .meta({ description: "Opaque cursor from a previous page's `pagination.nextCursor`." }),
  limit: params.limit.optional().meta({
    description: `Entries per page, 1–${MAX_LOG_PAGE_SIZE} (default ${DEFAULT_LOG_PAGE_SIZE}).`,
  }),
});

/** One request of the organization's access log, as /api/v1 answers it. */
export const accessLogEntrySchema = z.object({
  createdAt: z.iso.datetime(),
  requestId: z.string().nullable().meta({ description: "The response's X-Request-Id." }),
  tokenId: z.uuid(),
  tokenName: z.string().meta({ description: "The token's name at the time of the request." }),
  method: z.string(),
  path: z.string().meta({ description: "Path with query string; token material redacted." }),
  status: z.int(),
  clientIp: z.string(),
  userAgent: z.string().nullable(),
  durationMs: z.int(),
  requestSummary: z.string().nullable(),
  responseSummary: z.string().nullable(),
  errorCode: z.string().nullable(),
  refusalReason: z
    .string()
    .nullable()
    .meta({
      description: `Why a refused request was refused (${Object.keys(REFUSAL_REASONS).join(", ")}); null otherwise.`,
    }),
  domainId: z.uuid().nullable().meta({
    description:
      "The domain the request touched (read, added or deleted); null for other requests.",
  }),
});

export type AccessLogEntryJson = z.output<typeof accessLogEntrySchema>;

/** The lists' pagination, with the access log's larger page size. */
export const accessLogPaginationSchema = paginationSchema.extend({
  limit: z
    .int()
    .min(1)
    .max(MAX_LOG_PAGE_SIZE)
    .meta({ description: "The page size that was applied." }),
});

export const accessLogListSchema = z.object({
  data: z.array(accessLogEntrySchema),
  pagination: accessLogPaginationSchema,
});
