import { describe, expect, it } from "vitest";
import { API_OPERATIONS } from "@/app/api/v1/operations";
import { operationName } from "@/lib/api/operation";
import { unknownApiRoute, withApiAuth } from "@/lib/api/with-api-auth";
import { apiRequest, createApiTenant } from "@/test/api/helpers";
import {
  apiRouteFiles,
  ROUTE_METHODS,
  type RouteMethod,
  type RouteModule,
} from "@/test/api/route-files";

// Every /api/v1 handler is a declared operation (app/api/v1/operations.ts), so the scope
// check, the validation, the OpenAPI document, the docs table and the contract suites all
// see it. The only other handlers a route may export are the standard ones for the methods
// it does not implement (methodNotAllowed: 405, and OPTIONS listing the declared methods);
// the catch-all route answers 404 for everything; the OpenAPI document itself is public.

const CATCH_ALL = "/api/v1/[[...path]]";
const PUBLIC_ROUTES = ["/api/v1/openapi.json"];

/** What is wrong with the handlers `route` exports for `urlPath` (empty when all is well). */
async function undeclaredHandlers(
  urlPath: string,
  route: RouteModule,
  token: string,
): Promise<string[]> {
  const declared = API_OPERATIONS.filter((operation) => operation.path === urlPath);
  const allow = [
    ...declared.map((operation) => operation.method),
    ...(declared.some((operation) => operation.method === "GET") ? ["HEAD"] : []),
    "OPTIONS",
  ].join(", ");
  const problems: string[] = [];
  for (const method of ROUTE_METHODS) {
    const handler = route[method];
    if (!handler) continue;
    if (declared.some((operation) => operation.method === method && operation.handle === handler))
      continue;
    // Not a declaration: only the standard refusals are allowed, with the declared methods.
    const response = await handler(apiRequest(urlPath, { method, token }));
    const standard =
      (method === "OPTIONS" ? response.status === 204 : response.status === 405) &&
      response.headers.get("allow") === allow;
    if (!standard) problems.push(`${method} ${urlPath} is exported but not declared`);
  }
  return problems;
}

describe("route declarations", () => {
  it("every handler a route file exports is a declared operation or a standard refusal", async () => {
    const { token } = await createApiTenant("PRO");
    const problems: string[] = [];
    for (const { file, urlPath } of apiRouteFiles()) {
      const route = (await import(file)) as RouteModule;
      if (urlPath === CATCH_ALL) {
        for (const method of ROUTE_METHODS) {
          if (route[method] && route[method] !== unknownApiRoute)
            problems.push(`${method} ${urlPath} is not the unknown-route 404`);
        }
      } else if (!PUBLIC_ROUTES.includes(urlPath)) {
        problems.push(...(await undeclaredHandlers(urlPath, route, token)));
      }
    }
    expect(problems).toEqual([]);
  });

  it("every declared operation is served by its route file", async () => {
    const routes = new Map(apiRouteFiles().map(({ file, urlPath }) => [urlPath, file]));
    for (const operation of API_OPERATIONS) {
      const file = routes.get(operation.path);
      expect(file, `no route file for ${operationName(operation)}`).toBeDefined();
      const route = (await import(file as string)) as RouteModule;
      expect(route[operation.method as RouteMethod], operationName(operation)).toBe(
        operation.handle,
      );
    }
  });

  it("declares each method and path once", () => {
    const names = API_OPERATIONS.map(operationName);
    expect(new Set(names).size).toBe(names.length);
  });

  it("reports a handler that bypasses the declarations", async () => {
    const { token } = await createApiTenant("PRO");
    const undeclared = withApiAuth(async ({ json }) => json({ data: [] }));
    const problems = await undeclaredHandlers("/api/v1/domains", { PUT: undeclared }, token);
    expect(problems).toEqual(["PUT /api/v1/domains is exported but not declared"]);
  });
});
