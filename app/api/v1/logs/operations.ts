import { defineOperation } from "@/lib/api/operation";
import { pageSummary } from "@/lib/api/responses";
import { AppError, type FieldErrors } from "@/lib/errors";
import { listRequestLogs, type RequestLogRow } from "@/lib/services/logs/query";
import {
  type AccessLogEntryJson,
  accessLogListSchema,
  accessLogQuerySchema,
} from "@/lib/validations/access-log-api";
import { parseRequestLogFilters } from "@/lib/validations/logs";

// The operations of /api/v1/logs: declaration and handler (see lib/api/operation.ts).

export const listLogsOperation = defineOperation(
  {
    method: "GET",
    path: "/api/v1/logs",
    operationId: "listLogs",
    summary: "List the access log",
    description:
      "The organization's API requests, newest first, with the filters of the dashboard's Access Logs page and cursor pagination. A parameter the page would ignore is a 422 here.",
    tag: "Access log",
    scope: "logs:read",
    query: accessLogQuerySchema,
    responses: { 200: { schema: accessLogListSchema, description: "A page of requests." } },
  },
  async ({ token, principal, searchParams, json, summarize }) => {
    // The query schema has judged each parameter; the page's parser adds the rules between
    // them (a code outside the status class, from after to, a preset with dates) and turns
    // them into the filters the dashboard queries with.
    const { filters, issues } = parseRequestLogFilters(searchParams);
    if (issues.length > 0) {
      const fieldErrors: FieldErrors = {};
      for (const { path, message } of issues)
        fieldErrors[path] = [...(fieldErrors[path] ?? []), message];
      throw new AppError("validation_error", "Request validation failed", { fieldErrors });
    }
    const page = await listRequestLogs(
      { principal, organizationId: token.organizationId },
      filters,
    );
    const hasMore = page.nextCursor !== null;
    summarize({ response: pageSummary(page.rows.length, "request", hasMore) });
    return json({
      data: page.rows.map(toAccessLogEntryJson),
      pagination: { limit: filters.limit, nextCursor: page.nextCursor, hasMore },
    });
  },
);

/**
 * The one place a stored request becomes API JSON (accessLogEntrySchema): the fields are
 * picked one by one, so the internal row id and the token's state now stay out.
 */
function toAccessLogEntryJson(row: RequestLogRow): AccessLogEntryJson {
  return {
    createdAt: row.createdAt.toISOString(),
    requestId: row.requestId,
    tokenId: row.tokenId,
    tokenName: row.tokenName,
    method: row.method,
    path: row.path,
    status: row.status,
    clientIp: row.clientIp,
    userAgent: row.userAgent,
    durationMs: row.durationMs,
    requestSummary: row.requestSummary,
    responseSummary: row.responseSummary,
    errorCode: row.errorCode,
    refusalReason: row.refusalReason,
    domainId: row.domainId ?? null,
  };
}
