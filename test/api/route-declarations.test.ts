import { readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { API_OPERATIONS } from "@/app/api/v1/operations";
import { type Operation, operationName } from "@/lib/api/operation";
import { ROUTE_FILE_METHODS, routeHandlers, unknownApiRoute } from "@/lib/api/route-handlers";
import { apiRequest, createApiTenant, testOperationHandler } from "@/test/api/helpers";
import {
  apiRouteFiles,
  ROUTE_METHODS,
  type RouteMethod,
  type RouteModule,
} from "@/test/api/route-files";

// An endpoint is one declaration (an operations.ts next to its route file): the route file
// is one line built from the declarations (lib/api/route-handlers.ts), and the list every
// document and suite is built from (app/api/v1/operations.ts) is checked here against the
// files. So the scope check, the validation, the OpenAPI document, the docs table and the
// contract suites all see every handler; the only other handlers a route serves are the
// standard ones for the methods it does not declare (405, and OPTIONS listing the declared
// methods); the catch-all route answers 404 for everything; the OpenAPI document is public.

const API_ROOT = path.join(import.meta.dirname, "../../app/api/v1");
const CATCH_ALL = "/api/v1/[[...path]]";
const PUBLIC_ROUTES = ["/api/v1/openapi.json"];

/** Every operations.ts under app/api/v1. */
function operationFiles(dir = API_ROOT): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return operationFiles(full);
    return entry.name === "operations.ts" && dir !== API_ROOT ? [full] : [];
  });
}

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
    if (!handler) {
      if ((ROUTE_FILE_METHODS as readonly string[]).includes(method))
        problems.push(`${method} ${urlPath} is not exported`);
      continue;
    }
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
  it("every method of every route file is a declared operation or a standard refusal", async () => {
    const { token } = await createApiTenant("PRO");
    const problems: string[] = [];
    for (const { file, urlPath } of apiRouteFiles()) {
      const route = (await import(file)) as RouteModule;
      if (urlPath === CATCH_ALL) {
        for (const method of ROUTE_METHODS) {
          if (route[method] !== unknownApiRoute)
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

  it("lists exactly the operations that the operations.ts files declare", async () => {
    const declared = new Set<unknown>();
    for (const file of operationFiles()) {
      for (const value of Object.values(await import(file))) declared.add(value);
    }
    const listed = new Set<unknown>(API_OPERATIONS);
    const unlisted = [...declared].filter((operation) => !listed.has(operation));
    expect(unlisted.map((operation) => operationName(operation as Operation))).toEqual([]);
    expect(declared.size).toBe(listed.size);
  });

  it("declares each method and path once", () => {
    const names = API_OPERATIONS.map(operationName);
    expect(new Set(names).size).toBe(names.length);
  });

  it("reports a handler that bypasses the declarations", async () => {
    const { token } = await createApiTenant("PRO");
    const undeclared = testOperationHandler(async ({ json }) => json({ data: [] }));
    const problems = await undeclaredHandlers("/api/v1/domains", { PUT: undeclared }, token);
    expect(problems).toContain("PUT /api/v1/domains is exported but not declared");
    expect(problems).toContain("GET /api/v1/domains is not exported");
  });

  it("refuses at module load a route file whose operations name two paths or a method twice", () => {
    const [listDomains, createDomain] = API_OPERATIONS as [Operation, Operation];
    const other = API_OPERATIONS.find((operation) => operation.path !== listDomains.path);
    expect(() => routeHandlers({ listDomains, other: other as Operation })).toThrow(
      /serves one path/,
    );
    expect(() => routeHandlers({ listDomains, again: { ...listDomains } })).toThrow(
      /declared twice/,
    );
    expect(routeHandlers({ listDomains, createDomain }).GET).toBe(listDomains.handle);
  });
});
