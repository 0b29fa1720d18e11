import "server-only";
import { errorToResponse } from "@/lib/api/pipeline";
import { errorResponse, REQUEST_ID_HEADER, requestIdFor } from "@/lib/api/responses";
import { clientIp } from "@/lib/auth/client-ip";
import { memberPrincipal, type UserPrincipal } from "@/lib/auth/principal";
import { AppError, isAppError } from "@/lib/errors";
import { logger } from "@/lib/logger";
import type { Permission } from "@/lib/permissions";
import { assertHolds } from "@/lib/services/authorize";
import { requireActionContext, type SessionContext } from "@/lib/session/session";
import type { FilterIssue } from "@/lib/validations/search-params";

// The one wrapper of the dashboard's own HTTP routes (the CSV exports): what defineAction is
// to server actions. In order: the session (the database-checked one every page and action
// uses, so a signed-out or superseded session is refused alike) and the member's principal
// built from it, the permission, the query parsed by the route's own parser, then the
// handler, which hands the principal to the services. Every answer carries
// `Cache-Control: no-store` and an `X-Request-Id`; a refusal is the documented
// {"error":{"code","message"}} with its status; each request leaves one log line.

export interface SessionRouteOptions<Query> {
  /** Names the route in log lines, e.g. "logs.export". */
  name: string;
  /** The permission the member's role must hold (lib/permissions.ts); none: any member. */
  permission?: Permission;
  /** Parses the URL's query; throws an AppError (e.g. validation_error) to refuse it. */
  parseQuery: (params: URLSearchParams) => Query;
}

export interface SessionRouteContext<Query> {
  session: SessionContext;
  /** The signed-in member as the services' principal. */
  principal: UserPrincipal;
  query: Query;
  requestId: string;
}

export type SessionRouteHandler = (req: Request) => Promise<Response>;

export function defineSessionRoute<Query>(
  options: SessionRouteOptions<Query>,
  handler: (context: SessionRouteContext<Query>) => Promise<Response> | Response,
): SessionRouteHandler {
  return async (req) => {
    const started = performance.now();
    const requestId = requestIdFor(req.headers);
    const log = logger().child({ route: options.name, requestId });
    const elapsed = () => Math.round(performance.now() - started);
    let response: Response;
    try {
      const session = await requireActionContext();
      const principal = memberPrincipal(session, clientIp(req.headers));
      if (options.permission) assertHolds(principal, session.organization.id, options.permission);
      const query = options.parseQuery(new URL(req.url).searchParams);
      response = await handler({ session, principal, query, requestId });
      log.info({ outcome: "ok", status: response.status, durationMs: elapsed() }, "route served");
    } catch (error) {
      if (!isAppError(error)) return errorToResponse(error, requestId); // logs it, by request id
      const refused = error.code === "unauthorized" || error.code === "forbidden";
      log[refused ? "warn" : "info"](
        { outcome: error.code, status: error.status, durationMs: elapsed() },
        "route refused",
      );
      response = errorResponse(error, requestId);
    }
    response.headers.set("Cache-Control", "no-store");
    response.headers.set(REQUEST_ID_HEADER, requestId);
    return response;
  };
}

/**
 * The query of an export: the filters of the page it is exported from. The page's Export
 * link carries only filters the page accepted, so a parameter the page would have ignored
 * comes from a hand-made URL: refused (422) rather than exporting other rows than asked
 * for. Paging parameters mean nothing to an export and are dropped.
 */
export function exportFilters<Filters>(
  parse: (params: URLSearchParams) => { filters: Filters; issues: FilterIssue[] },
): (params: URLSearchParams) => Filters {
  return (params) => {
    const query = new URLSearchParams(params);
    query.delete("cursor");
    query.delete("limit");
    const { filters, issues } = parse(query);
    if (issues.length === 0) return filters;
    const fieldErrors: Record<string, string[]> = {};
    for (const { path, message } of issues)
      fieldErrors[path] = [...(fieldErrors[path] ?? []), message];
    throw new AppError("validation_error", "Invalid export filters.", { fieldErrors });
  };
}
