import "server-only";
import { dbPool } from "@/lib/db";
import { preparedQuery } from "./prepared";

// The request-log insert: one statement per batch, each column travelling as one array
// parameter that unnest turns back into rows. Measured (docs/performance.md, components,
// 500 rows per batch with the roll-up trigger): 3.1 ms of this process's CPU and 20 ms of
// database CPU, against 232 ms and 26 ms for Prisma's createMany, which binds every value
// separately. It runs for every API request.
const INSERT_LOGS = `
  INSERT INTO api_request_logs (created_at, organization_id, token_id, token_name, method, path,
    status, client_ip, user_agent, duration_ms, request_summary, response_summary, error_code,
    request_id, refusal_reason, after_rotation, required_scope, domain_id, operation, scope)
  SELECT * FROM unnest($1::timestamptz[], $2::uuid[], $3::uuid[], $4::text[], $5::varchar[],
    $6::text[], $7::smallint[], $8::text[], $9::text[], $10::int[], $11::text[], $12::text[],
    $13::text[], $14::text[], $15::text[], $16::boolean[], $17::text[], $18::uuid[], $19::text[],
    $20::varchar[])`;

// The entry's fields in the order of the statement's columns and parameters.
const COLUMNS = [
  "createdAt",
  "organizationId",
  "tokenId",
  "tokenName",
  "method",
  "path",
  "status",
  "clientIp",
  "userAgent",
  "durationMs",
  "requestSummary",
  "responseSummary",
  "errorCode",
  "requestId",
  "refusalReason",
  "afterRotation",
  "requiredScope",
  "domainId",
  "operation",
  "scope",
] as const;

/** One row's values by field (a RequestLogEntry of lib/services/logs/types.ts). */
export type RequestLogValues = Partial<Record<(typeof COLUMNS)[number], unknown>>;

/** Writes entries in one statement (also timed by the components benchmark). */
export function insertRequestLogs(entries: readonly RequestLogValues[]): Promise<unknown> {
  return dbPool.query(
    preparedQuery(
      "ms_insert_request_logs",
      INSERT_LOGS,
      // An absent optional field (requiredScope, domainId) is stored as NULL.
      COLUMNS.map((column) => entries.map((entry) => entry[column] ?? null)),
    ),
  );
}
