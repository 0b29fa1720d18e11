import { describe, expect, it } from "vitest";
import { z } from "zod";
import * as domainsRoute from "@/app/api/v1/domains/route";
import * as openApiRoute from "@/app/api/v1/openapi.json/route";
import { API_OPERATIONS } from "@/app/api/v1/operations";
import * as secretScanningRoute from "@/app/api/v1/secret-scanning/revoke/route";
import { buildOpenApiDocument } from "@/lib/openapi/document";
import { permissionDetails, SCOPES, SELF_SCOPE } from "@/lib/permissions";
import { apiErrorSchema } from "@/lib/validations/api-error";
import { domainListSchema } from "@/lib/validations/domain";
import { secretScanningResultSchema } from "@/lib/validations/secret-scanning";
import { apiRequest, createApiTenant, createDomainRow } from "@/test/api/helpers";
import { apiRouteFiles } from "@/test/api/route-files";

type Operation = { responses: Record<string, unknown>; security?: unknown[] };
type Document = {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: {
    securitySchemes: Record<string, { type: string; scheme: string; description: string }>;
    responses: Record<string, { content: Record<string, { schema: { $ref: string } }> }>;
    schemas: Record<string, unknown>;
  };
  security: unknown[];
};

const document = buildOpenApiDocument(API_OPERATIONS) as unknown as Document;
const HTTP_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

describe("OpenAPI document", () => {
  it("is OpenAPI 3.1 with bearer authentication required by default", () => {
    expect(document.openapi).toBe("3.1.0");
    expect(document.components.securitySchemes.bearerAuth).toMatchObject({
      type: "http",
      scheme: "bearer",
    });
    expect(document.security).toEqual([{ bearerAuth: [] }]);
    expect(document.paths["/api/v1/openapi.json"]?.get?.security).toEqual([]);
  });

  it("describes every method every route implements", async () => {
    // Every /api/v1 request is authenticated first, so a 405 is only seen with a valid token.
    const { token } = await createApiTenant("PRO");
    for (const { file, urlPath } of apiRouteFiles()) {
      if (urlPath.includes("[[...")) continue; // the catch-all 404 is not an operation
      const route = (await import(file)) as Record<string, (req: Request) => Promise<Response>>;
      for (const method of HTTP_METHODS) {
        const handler = route[method];
        if (!handler) continue;
        const response = await handler(apiRequest(urlPath.replace("{id}", "x"), { method, token }));
        const documented = document.paths[urlPath]?.[method.toLowerCase()];
        if (response.status === 405) {
          expect(documented, `${method} ${urlPath} answers 405`).toBeUndefined();
        } else {
          expect(documented, `${method} ${urlPath} is not documented`).toBeDefined();
        }
      }
    }
  });

  it("documents each declared operation with the scope it requires (none on the token itself or when public)", () => {
    for (const operation of API_OPERATIONS) {
      const documented = document.paths[operation.path]?.[operation.method.toLowerCase()];
      expect(documented?.security, `${operation.method} ${operation.path}`).toEqual(
        operation.auth === "none"
          ? []
          : [{ bearerAuth: operation.scope === SELF_SCOPE ? [] : [operation.scope] }],
      );
    }
    expect(document.paths["/api/v1/tokens/self"]?.get?.security).toEqual([{ bearerAuth: [] }]);
  });

  it("describes every scope in the words of the permission table (lib/permissions.ts)", () => {
    const { description } = document.components.securitySchemes.bearerAuth!;
    for (const scope of SCOPES) {
      expect(description).toContain(`- \`${scope}\`: ${permissionDetails(scope)}`);
    }
  });

  it("documents the public secret-scanning report without the answers of authentication", () => {
    const documented = document.paths["/api/v1/secret-scanning/revoke"]?.post;
    expect(documented?.security).toEqual([]);
    expect(Object.keys(documented?.responses ?? {}).sort()).toEqual(
      ["200", "400", "405", "413", "422", "429", "500", "503"].sort(),
    );
    expect(document.components.schemas).toHaveProperty("SecretScanningReports");
    expect(document.components.schemas).toHaveProperty("SecretScanningResults");
  });

  it("documents every error status with the error schema", () => {
    const statuses = new Set<string>();
    for (const operations of Object.values(document.paths)) {
      for (const operation of Object.values(operations)) {
        if (typeof operation !== "object" || !("responses" in operation)) continue;
        for (const status of Object.keys(operation.responses)) statuses.add(status);
      }
    }
    for (const status of [
      "400",
      "401",
      "403",
      "404",
      "405",
      "409",
      "413",
      "422",
      "429",
      "500",
      "503",
    ]) {
      expect(statuses).toContain(status);
    }
    for (const response of Object.values(document.components.responses)) {
      expect(response.content["application/json"]?.schema.$ref).toBe("#/components/schemas/Error");
    }
  });

  it("every authenticated operation documents 401 and 403", () => {
    for (const [urlPath, operations] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        if (method === "parameters" || operation.security?.length === 0) continue;
        expect(Object.keys(operation.responses), `${method} ${urlPath}`).toEqual(
          expect.arrayContaining(["401", "403"]),
        );
      }
    }
  });

  it("matches what the API actually returns", async () => {
    const { token, organization } = await createApiTenant("PRO");
    await createDomainRow(organization.id);
    const list = await domainsRoute.GET(apiRequest("/api/v1/domains", { token }));
    expect(domainListSchema.safeParse(await list.json()).success).toBe(true);
    const error = await domainsRoute.GET(apiRequest("/api/v1/domains?limit=0", { token }));
    expect(apiErrorSchema.safeParse(await error.json()).success).toBe(true);
    const report = await secretScanningRoute.POST(
      apiRequest("/api/v1/secret-scanning/revoke", {
        method: "POST",
        ip: "2001:db8:5ec::1",
        body: [{ token, type: "t", url: "https://example.com/", source: "content" }, { token: 1 }],
      }),
    );
    const results = await report.json();
    // Exactly the documented fields: the partner program expects nothing more.
    expect(z.array(secretScanningResultSchema.strict()).safeParse(results).success).toBe(true);
  });

  it("is served publicly with the request's origin as server", async () => {
    const response = await openApiRoute.GET(
      new Request("https://api.example.test/api/v1/openapi.json"),
    );
    expect(response.status).toBe(200);
    const served = (await response.json()) as { servers: Array<{ url: string }> };
    expect(served.servers).toEqual([{ url: "https://api.example.test" }]);
  });
});
