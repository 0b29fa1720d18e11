import "server-only";
import type { z } from "zod";
import {
  type ApiHandlerContext,
  buildContext,
  type RouteContext,
  type RouteHandler,
} from "@/lib/api/handler-context";
import { handleApiRequest } from "@/lib/api/pipeline";
import { handlePublicApiRequest, type PublicRequest } from "@/lib/api/public-pipeline";
import { parseJsonBody, readBodyText, validate } from "@/lib/api/request-body";
import { jsonResponse } from "@/lib/api/responses";
import type { ErrorCode } from "@/lib/errors";
import { type RequiredScope, SELF_SCOPE, scopeOnToken } from "@/lib/permissions";

// One declaration per /api/v1 operation, next to its handler: what it is (method, path,
// summary), what it requires (scope), what it accepts (path, query and body schemas) and
// what it answers (a schema per success status, the error codes of its own). The route
// handler is built from it, so the validation and the scope check cannot differ from the
// declaration; the OpenAPI document, the endpoint table of docs/api.md and the API test
// suites are built from the list of declarations (app/api/v1/operations.ts).

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** A success answer: its body's schema (null for no body), and what it means. */
export interface ResponseDeclaration {
  description: string;
  schema: z.ZodType | null;
  /** Headers beyond the standard ones (X-Request-Id, RateLimit-*), with their meaning. */
  headers?: Record<string, string>;
}

type Schema = z.ZodType | undefined;
type Parsed<S extends Schema, Otherwise> = S extends z.ZodType ? z.output<S> : Otherwise;

/**
 * Who may call an operation: a token holding `scope` (the default, `auth` omitted or
 * "token"), or anyone (`auth: "none"`, no scope): the few operations that must work without
 * a token, such as reporting a leaked one. Public operations take their own path
 * (lib/api/public-pipeline.ts: a per-IP limit, no token lookup, no request log).
 */
export type OperationAccess =
  | {
      auth?: "token";
      /** The scope a token needs to call this operation (lib/permissions.ts). */
      scope: RequiredScope;
      /**
       * For an operation on one API token (revoke, rotate): the path param holding its id. When
       * it names the calling token, `scope` is not required: a token may always act on itself
       * (scopeOnToken, lib/permissions.ts).
       */
      selfTokenParam?: string;
    }
  | { auth: "none"; scope?: never; selfTokenParam?: never };

type PublicAccess = Extract<OperationAccess, { auth: "none" }>;

interface OperationShape<P extends Schema, Q extends Schema, B extends Schema> {
  method: HttpMethod;
  /** The URL path, dynamic segments in braces: `/api/v1/domains/{id}`. */
  path: `/api/v1/${string}`;
  operationId: string;
  summary: string;
  description?: string;
  tag: string;
  params?: P;
  query?: Q;
  body?: B;
  /** A request body to show in the documentation. */
  bodyExample?: unknown;
  responses: Partial<Record<200 | 201 | 204, ResponseDeclaration>>;
  /**
   * The errors this operation can answer beyond those every operation can (401, 403, 405,
   * 429, 500, 503) and those its schemas imply (422 with params/query/body; 400 and 413
   * with a body; 404 with path params).
   */
  errors?: readonly ErrorCode[];
}

export type OperationDeclaration<
  P extends Schema = Schema,
  Q extends Schema = Schema,
  B extends Schema = Schema,
> = OperationShape<P, Q, B> & OperationAccess;

/** Whether anyone may call the operation, without a token. */
export function isPublicOperation(operation: OperationAccess): boolean {
  return operation.auth === "none";
}

/** What an operation's handler receives: the request's context, its input parsed. */
export interface OperationContext<P, Q, B> extends Omit<ApiHandlerContext<P>, "readJson"> {
  query: Q;
  body: B;
}

/** What a public operation's handler receives: the same, minus the token and the log. */
export type PublicOperationContext<P, Q, B> = Pick<
  OperationContext<P, Q, B>,
  "req" | "params" | "query" | "body" | "requestId" | "clientIp" | "searchParams" | "json"
>;

/** A declared operation: the declaration and the route handler built from it. */
export type Operation<
  P extends Schema = Schema,
  Q extends Schema = Schema,
  B extends Schema = Schema,
> = OperationDeclaration<P, Q, B> & {
  handle: RouteHandler<Record<string, string | string[]>>;
};

type Handler<Context> = (context: Context) => Promise<Response>;

const NO_PARAMS = Object.freeze({});

/**
 * Declares an operation and builds its route handler: the request goes through the one
 * pipeline (authentication, limits, the declared scope, logging, error mapping); then the
 * path params, the query and the body are validated against the declared schemas (422
 * `validation_error`, and for the body also 400 and 413) before `handler` runs with them
 * parsed. Done once per operation at module load; nothing is built per request.
 */
export function defineOperation<
  P extends Schema = undefined,
  Q extends Schema = undefined,
  B extends Schema = undefined,
>(
  declaration: OperationShape<P, Q, B> & PublicAccess,
  handler: Handler<
    PublicOperationContext<
      Parsed<P, Record<string, never>>,
      Parsed<Q, undefined>,
      Parsed<B, undefined>
    >
  >,
): Operation<P, Q, B>;
export function defineOperation<
  P extends Schema = undefined,
  Q extends Schema = undefined,
  B extends Schema = undefined,
>(
  declaration: OperationShape<P, Q, B> & Exclude<OperationAccess, PublicAccess>,
  handler: Handler<
    OperationContext<Parsed<P, Record<string, never>>, Parsed<Q, undefined>, Parsed<B, undefined>>
  >,
): Operation<P, Q, B>;
export function defineOperation<
  P extends Schema = undefined,
  Q extends Schema = undefined,
  B extends Schema = undefined,
>(
  declaration: OperationDeclaration<P, Q, B>,
  // The overloads pair a public declaration with a public handler, any other with a token's.
  handler: Handler<never>,
): Operation<P, Q, B> {
  if (declaration.auth === "none") {
    return { ...declaration, handle: publicHandle(declaration, handler) };
  }
  type Context = OperationContext<
    Parsed<P, Record<string, never>>,
    Parsed<Q, undefined>,
    Parsed<B, undefined>
  >;
  const { params: paramsSchema, query: querySchema, body: bodySchema, scope } = declaration;
  const { selfTokenParam } = declaration;
  const operation = `${declaration.method} ${declaration.path}`;
  const handle = async (
    req: Request,
    routeContext?: RouteContext<Record<string, string | string[]>>,
  ) => {
    const rawParams: Record<string, string | string[]> = (await routeContext?.params) ?? NO_PARAMS;
    const requiredScope =
      selfTokenParam === undefined || scope === SELF_SCOPE
        ? scope
        : (token: { id: string }) =>
            scopeOnToken(scope, token.id, String(rawParams[selfTokenParam] ?? ""));
    return handleApiRequest(
      req,
      async (request) => {
        request.log.describeParams(rawParams);
        const params = paramsSchema ? validate(paramsSchema, rawParams) : rawParams;
        // The context gains the parsed input in place (no copy on the hot path); its
        // readJson stays unused, as the declared body is read here.
        const context = buildContext(request, params) as ApiHandlerContext<unknown> & {
          query: unknown;
          body: unknown;
        };
        context.query = querySchema
          ? validate(querySchema, Object.fromEntries(request.url.searchParams))
          : undefined;
        context.body = bodySchema ? await context.readJson(bodySchema) : undefined;
        return (handler as Handler<Context>)(context as unknown as Context);
      },
      requiredScope,
      operation,
    );
  };
  return { ...declaration, handle };
}

/** The route handler of a public operation: the same validation, on the public path. */
function publicHandle(
  declaration: OperationShape<Schema, Schema, Schema>,
  handler: Handler<never>,
): RouteHandler<Record<string, string | string[]>> {
  const { params: paramsSchema, query: querySchema, body: bodySchema } = declaration;
  const run = handler as Handler<PublicOperationContext<unknown, unknown, unknown>>;
  return (req, routeContext) =>
    handlePublicApiRequest(req, async ({ url, clientIp, requestId }: PublicRequest) => {
      const rawParams = (await routeContext?.params) ?? NO_PARAMS;
      const params = paramsSchema ? validate(paramsSchema, rawParams) : rawParams;
      const searchParams = url.searchParams;
      const query = querySchema
        ? validate(querySchema, Object.fromEntries(searchParams))
        : undefined;
      const body = bodySchema ? parseJsonBody(await readBodyText(req), bodySchema) : undefined;
      return run({
        req,
        params,
        query,
        body,
        requestId,
        clientIp,
        searchParams,
        json: (value, init = {}) => jsonResponse(value, { requestId, ...init }),
      });
    });
}

/**
 * The error codes this operation answers beyond those every operation can: those its
 * schemas imply (a path param that names nothing is a 404, an invalid query or body a 422,
 * a body that is not JSON a 400 or too large a 413) and those it names.
 */
export function declaredErrorCodes(operation: OperationDeclaration): ErrorCode[] {
  const codes = new Set<ErrorCode>(operation.errors);
  if (operation.params) codes.add("not_found");
  if (operation.query) codes.add("validation_error");
  if (operation.body) for (const code of BODY_ERRORS) codes.add(code);
  return [...codes];
}

const BODY_ERRORS: readonly ErrorCode[] = ["bad_request", "payload_too_large", "validation_error"];

/** `/api/v1/domains/{id}` → `GET /api/v1/domains/{id}`: how tests and docs name an operation. */
export function operationName(operation: Pick<OperationDeclaration, "method" | "path">): string {
  return `${operation.method} ${operation.path}`;
}
