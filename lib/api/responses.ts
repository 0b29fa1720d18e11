import "server-only";
import { containsTokenShapedValue } from "@/lib/api/redaction";
import { AppError, ERROR_STATUS, type ErrorCode, type FieldErrors } from "@/lib/errors";
import { countOf } from "@/lib/plural";
import { REQUEST_ID_PATTERN } from "@/lib/validations/logs";

/** Every /api/v1 response is private to the caller's token, so nothing may be cached. */
const BASE_HEADERS = {
  "Cache-Control": "no-store",
  "X-Content-Type-Options": "nosniff",
} as const;

export const REQUEST_ID_HEADER = "X-Request-Id";

// An incoming id is kept (so a caller can correlate its own logs) only when it is short
// and plain (REQUEST_ID_PATTERN); anything else is replaced, so the header cannot carry
// injected content. The id is stored on the request's log row as it is, so a token-shaped
// one is replaced as well.

export function requestIdFor(headers: Pick<Headers, "get">): string {
  const incoming = headers.get(REQUEST_ID_HEADER);
  return incoming && REQUEST_ID_PATTERN.test(incoming) && !containsTokenShapedValue(incoming)
    ? incoming
    : crypto.randomUUID();
}

export interface ValidationIssue {
  /** Dotted path of the offending field ("name", "limit"); "" for the body as a whole. */
  path: string;
  message: string;
}

export interface ErrorBody {
  error: { code: ErrorCode; message: string; issues?: ValidationIssue[] };
}

/**
 * A response body that is already JSON text (a page serialized by the database). It is sent
 * as it is, saving a parse and a stringify in this process.
 */
export class SerializedJson {
  constructor(readonly text: string) {}
}

/** The `{"data": [...], "pagination": {...}}` envelope around an already serialized list. */
export function serializedListBody(itemsJson: string, pagination: object): SerializedJson {
  return new SerializedJson(`{"data":${itemsJson},"pagination":${JSON.stringify(pagination)}}`);
}

export function jsonResponse(
  body: unknown,
  init: { status?: number; requestId: string; headers?: Record<string, string> },
): Response {
  const text = body instanceof SerializedJson ? body.text : JSON.stringify(body);
  return new Response(text, {
    status: init.status ?? 200,
    headers: {
      ...BASE_HEADERS,
      "Content-Type": "application/json; charset=utf-8",
      [REQUEST_ID_HEADER]: init.requestId,
      ...init.headers,
    },
  });
}

export function emptyResponse(init: {
  status: number;
  requestId: string;
  headers?: Record<string, string>;
}): Response {
  return new Response(null, {
    status: init.status,
    headers: { ...BASE_HEADERS, [REQUEST_ID_HEADER]: init.requestId, ...init.headers },
  });
}

export function errorBody(error: AppError): ErrorBody {
  const body: ErrorBody = { error: { code: error.code, message: error.message } };
  if (error.code === "validation_error" && error.fieldErrors) {
    body.error.issues = issuesFromFieldErrors(error.fieldErrors);
  }
  return body;
}

/** The message of every 422 the API answers: the issues say what is wrong, field by field. */
export const VALIDATION_FAILED_MESSAGE = "Request validation failed";

/**
 * A service's validation failure (its message written for the dashboard's forms) in the
 * API's words: the field errors, already named as the API's JSON fields, become the issues.
 */
export function apiValidationError(error: AppError): AppError {
  if (error.code !== "validation_error" || !error.fieldErrors) return error;
  if (error.message === VALIDATION_FAILED_MESSAGE) return error;
  return new AppError("validation_error", VALIDATION_FAILED_MESSAGE, {
    fieldErrors: error.fieldErrors,
    cause: error,
  });
}

export function errorResponse(error: AppError, requestId: string): Response {
  return jsonResponse(errorBody(error), {
    status: ERROR_STATUS[error.code],
    requestId,
    headers: error.headers,
  });
}

function issuesFromFieldErrors(fieldErrors: FieldErrors): ValidationIssue[] {
  return Object.entries(fieldErrors).flatMap(([path, messages]) =>
    messages.map((message) => ({ path, message })),
  );
}

/** The generic 500: deliberately says nothing about what went wrong. */
export function internalError(): AppError {
  return new AppError("internal_error", "Internal server error");
}

export function serviceUnavailable(): AppError {
  return new AppError(
    "service_unavailable",
    "The service is temporarily unavailable. Please retry shortly.",
    { headers: { "Retry-After": "5" } },
  );
}

/**
 * The request log's summary of a page of a list: "1 domain", "3 tokens, more on the next
 * page". One wording for every list operation.
 */
export function pageSummary(count: number, noun: string, hasMore: boolean): string {
  return `${countOf(count, noun)}${hasMore ? ", more on the next page" : ""}`;
}
