import fc from "fast-check";
import { afterEach, beforeAll, describe, expect, it, onTestFinished, vi } from "vitest";
import * as catchAllRoute from "@/app/api/v1/[[...path]]/route";
import * as domainRoute from "@/app/api/v1/domains/[id]/route";
import * as domainsRoute from "@/app/api/v1/domains/route";
import { MAX_BODY_BYTES } from "@/lib/api/request-body";
import { db } from "@/lib/db";
import { flushRequestLogs } from "@/lib/services/logs/writer";
import { apiErrorSchema } from "@/lib/validations/api-error";
import {
  apiRequest,
  createApiTenant,
  createDomainRow,
  readError,
  routeContext,
  testOperationHandler,
} from "@/test/api/helpers";
import { captureLogs } from "@/test/capture-logs";
import { uniqueSuffix } from "@/test/factories";

let token: string;
let organizationId: string;
let tokenId: string;

beforeAll(async () => {
  const tenant = await createApiTenant("PRO");
  token = tenant.token;
  organizationId = tenant.organization.id;
  tokenId = tenant.tokenRow.id;
});

afterEach(() => {
  vi.restoreAllMocks();
});

function post(body: string | object | undefined, headers: Record<string, string> = {}) {
  return domainsRoute.POST(apiRequest("/api/v1/domains", { token, method: "POST", body, headers }));
}

describe("POST /api/v1/domains", () => {
  it("creates a domain, normalized, with 201, Location and pending checks", async () => {
    const label = `Shop-${uniqueSuffix()}`;
    const response = await post({ name: `  ${label}.Example.COM. ` });
    expect(response.status).toBe(201);
    const { data: domain } = (await response.json()) as { data: Record<string, unknown> };
    expect(domain).toMatchObject({
      name: `${label.toLowerCase()}.example.com`,
      spfStatus: "pending",
      dkimStatus: "pending",
      dmarcStatus: "pending",
      dmarcPolicy: null,
      lastCheckedAt: null,
    });
    expect(response.headers.get("location")).toBe(`/api/v1/domains/${domain.id}`);
    expect(await db.domain.count({ where: { id: domain.id as string, organizationId } })).toBe(1);
  });

  it("stores internationalized names in punycode", async () => {
    const response = await post({ name: `bücher-${uniqueSuffix()}.de` });
    expect(response.status).toBe(201);
    const { data } = (await response.json()) as { data: { name: string } };
    expect(data.name).toMatch(/^xn--bcher-.*\.de$/);
  });

  it("409 conflict for a duplicate, also when spelled differently", async () => {
    const name = `dup-${uniqueSuffix()}.example.org`;
    expect((await post({ name })).status).toBe(201);
    const response = await post({ name: `${name.toUpperCase()}.` });
    expect(response.status).toBe(409);
    expect(await readError(response)).toEqual({
      code: "conflict",
      message: `The domain ${name} already exists in this organization`,
    });
  });

  it.each([
    ["truncated JSON", '{"name":'],
    ["not JSON at all", "name=example.com"],
    ["an empty body", ""],
  ])("400 bad_request for %s", async (_label, body) => {
    const response = await post(body);
    expect(response.status).toBe(400);
    expect((await readError(response)).code).toBe("bad_request");
  });

  it.each([
    ["a missing name", {}, "name"],
    ["a number", { name: 42 }, "name"],
    ["a URL", { name: "https://example.com/path" }, "name"],
    ["an e-mail address", { name: "me@example.com" }, "name"],
    ["a single label", { name: "localhost" }, "name"],
    ["an IP address", { name: "192.0.2.1" }, "name"],
    ["an underscore", { name: "exa_mple.com" }, "name"],
    ["a 64-character label", { name: `${"a".repeat(64)}.com` }, "name"],
    ["an unknown field", { name: "example.com", admin: true }, ""],
    ["an array body", [], ""],
  ])("422 validation_error with issues for %s", async (_label, body, path) => {
    const response = await post(body);
    expect(response.status).toBe(422);
    const error = await readError(response);
    expect(error.code).toBe("validation_error");
    expect(error.message).toBe("Request validation failed");
    expect(error.issues).toEqual(expect.arrayContaining([expect.objectContaining({ path })]));
  });

  it("413 when Content-Length announces more than 64 KB", async () => {
    const response = await post("{}", { "content-length": String(MAX_BODY_BYTES + 1) });
    expect(response.status).toBe(413);
    expect((await readError(response)).code).toBe("payload_too_large");
  });

  it("413 when the body is larger than 64 KB without saying so", async () => {
    const huge = JSON.stringify({ name: "a".repeat(MAX_BODY_BYTES) });
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(huge));
        controller.close();
      },
    });
    const request = new Request("http://api.test/api/v1/domains", {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "x-mailshield-client-ip": "198.51.100.10" },
      body: stream,
      duplex: "half",
    } as RequestInit);
    const response = await domainsRoute.POST(request);
    expect(response.status).toBe(413);
  });
});

describe("GET /api/v1/domains", () => {
  it("pages through every domain newest first, without repeats", async () => {
    const tenant = await createApiTenant("PRO");
    const created = [];
    for (let i = 0; i < 5; i++) created.push(await createDomainRow(tenant.organization.id));
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = cursor ? `?limit=2&cursor=${encodeURIComponent(cursor)}` : "?limit=2";
      const response = await domainsRoute.GET(
        apiRequest(`/api/v1/domains${query}`, { token: tenant.token }),
      );
      expect(response.status).toBe(200);
      const body = (await response.json()) as {
        data: Array<{ id: string }>;
        pagination: { limit: number; nextCursor: string | null; hasMore: boolean };
      };
      expect(body.pagination.limit).toBe(2);
      expect(body.pagination.hasMore).toBe(body.pagination.nextCursor !== null);
      seen.push(...body.data.map((domain) => domain.id));
      cursor = body.pagination.nextCursor;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(3);
    const expected = [...created]
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : -1))
      .map((domain) => domain.id);
    expect(seen).toEqual(expected);
  });

  it("defaults to 25 per page", async () => {
    const response = await domainsRoute.GET(apiRequest("/api/v1/domains", { token }));
    expect(((await response.json()) as { pagination: { limit: number } }).pagination.limit).toBe(
      25,
    );
  });

  it.each([
    ["limit=0", "limit"],
    ["limit=101", "limit"],
    ["limit=abc", "limit"],
    ["limit=2.5", "limit"],
    ["cursor=garbage", "cursor"],
    [`cursor=${Buffer.from("1767225600000.nope").toString("base64url")}`, "cursor"],
  ])("422 for %s", async (query, path) => {
    const response = await domainsRoute.GET(apiRequest(`/api/v1/domains?${query}`, { token }));
    expect(response.status).toBe(422);
    const error = await readError(response);
    expect(error.issues).toEqual([expect.objectContaining({ path })]);
  });
});

describe("GET and DELETE /api/v1/domains/{id}", () => {
  it("returns the domain", async () => {
    const domain = await createDomainRow(organizationId);
    const response = await domainRoute.GET(
      apiRequest(`/api/v1/domains/${domain.id}`, { token }),
      routeContext({ id: domain.id }),
    );
    expect(response.status).toBe(200);
    expect(((await response.json()) as { data: unknown }).data).toEqual({
      id: domain.id,
      name: domain.name,
      spfStatus: "pending",
      dkimStatus: "pending",
      dmarcStatus: "pending",
      dmarcPolicy: null,
      lastCheckedAt: null,
      createdAt: domain.createdAt.toISOString(),
    });
  });

  it("deletes with 204 and no body, then 404, and records an audit event", async () => {
    const domain = await createDomainRow(organizationId);
    const del = () =>
      domainRoute.DELETE(
        apiRequest(`/api/v1/domains/${domain.id}`, { token, method: "DELETE" }),
        routeContext({ id: domain.id }),
      );
    const first = await del();
    expect(first.status).toBe(204);
    expect(await first.text()).toBe("");
    expect((await del()).status).toBe(404);
    const audit = await db.auditEvent.findFirst({ where: { organizationId, targetId: domain.id } });
    expect(audit).toMatchObject({
      action: "domain.deleted",
      actorId: null,
      actorTokenId: tokenId,
      ip: "198.51.100.10",
    });
    expect(audit?.metadata).toMatchObject({ name: domain.name });
  });

  it.each(["not-a-uuid", "00000000-0000-0000-0000-000000000000", "'; DROP TABLE domains; --"])(
    "404 for the id %j",
    async (id) => {
      const response = await domainRoute.GET(
        apiRequest(`/api/v1/domains/${encodeURIComponent(id)}`, { token }),
        routeContext({ id }),
      );
      expect(response.status).toBe(404);
      expect(await readError(response)).toEqual({ code: "not_found", message: "Domain not found" });
    },
  );
});

describe("unknown routes and wrong methods", () => {
  const CATCH_ALL = {
    GET: catchAllRoute.GET,
    HEAD: catchAllRoute.HEAD,
    POST: catchAllRoute.POST,
    PUT: catchAllRoute.PUT,
    PATCH: catchAllRoute.PATCH,
    DELETE: catchAllRoute.DELETE,
    OPTIONS: catchAllRoute.OPTIONS,
  };

  it.each(Object.keys(CATCH_ALL) as Array<keyof typeof CATCH_ALL>)(
    "404 JSON for %s on an unknown path with a token, 401 without one",
    async (method) => {
      const handler = CATCH_ALL[method];
      const found = await handler(apiRequest("/api/v1/nothing/here", { method, token }));
      expect(found.status).toBe(404);
      expect(found.headers.get("x-request-id")).toBeTruthy();
      expect(found.headers.get("ratelimit-limit")).toBe("600");
      if (method !== "HEAD") expect((await readError(found)).code).toBe("not_found");

      // An unknown path is no way around authentication (nor, therefore, its limits).
      const anonymous = await handler(apiRequest("/api/v1/nothing/here", { method }));
      expect(anonymous.status).toBe(401);
      expect(anonymous.headers.get("www-authenticate")).toBe('Bearer realm="MailShield"');
    },
  );

  it("logs an unknown route for the token that asked", async () => {
    const tenant = await createApiTenant("PRO");
    await catchAllRoute.GET(apiRequest("/api/v1/nothing?x=1", { token: tenant.token }));
    await flushRequestLogs();
    const rows = await db.apiRequestLog.findMany({ where: { tokenId: tenant.tokenRow.id } });
    expect(rows).toMatchObject([
      { status: 404, path: "/api/v1/nothing?x=1", errorCode: "not_found" },
    ]);
  });

  it.each([
    ["PUT", domainsRoute.PUT, "GET, POST, HEAD, OPTIONS"],
    ["PATCH", domainsRoute.PATCH, "GET, POST, HEAD, OPTIONS"],
    ["DELETE", domainsRoute.DELETE, "GET, POST, HEAD, OPTIONS"],
    ["POST", domainRoute.POST, "GET, DELETE, HEAD, OPTIONS"],
    ["PUT", domainRoute.PUT, "GET, DELETE, HEAD, OPTIONS"],
  ])("405 JSON with Allow for %s", async (method, handler, allow) => {
    const response = await handler(apiRequest("/api/v1/domains", { method, token }));
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe(allow);
    expect(await readError(response)).toEqual({
      code: "method_not_allowed",
      message: `Method ${method} is not allowed on this resource`,
    });
    const anonymous = await handler(apiRequest("/api/v1/domains", { method }));
    expect(anonymous.status).toBe(401);
  });

  it("OPTIONS lists only the supported methods, to an authenticated caller", async () => {
    const response = await domainsRoute.OPTIONS(
      apiRequest("/api/v1/domains", { method: "OPTIONS", token }),
    );
    expect(response.status).toBe(204);
    expect(response.headers.get("allow")).toBe("GET, POST, HEAD, OPTIONS");
    const anonymous = await domainRoute.OPTIONS(
      apiRequest("/api/v1/domains/x", { method: "OPTIONS" }),
    );
    expect(anonymous.status).toBe(401);
  });
});

describe("errors a handler did not plan for", () => {
  it("500 internal_error without details; the details go to the server log", async () => {
    const logs = captureLogs();
    onTestFinished(() => logs.restore());
    const failing = testOperationHandler(async () => {
      throw new Error("secret detail: relation users column password_hash");
    });
    const response = await failing(
      apiRequest("/api/v1/domains", { token, headers: { "x-request-id": "req-123" } }),
    );
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(JSON.parse(text)).toEqual({
      error: { code: "internal_error", message: "Internal server error" },
    });
    expect(text).not.toContain("secret");
    expect(response.headers.get("x-request-id")).toBe("req-123");
    expect(logs.lines()).toContainEqual(
      expect.objectContaining({
        level: "error",
        requestId: "req-123",
        msg: "unhandled api error",
        error: expect.objectContaining({ message: expect.stringContaining("secret detail") }),
      }),
    );
  });

  it("a handler's failure is never reported as an authentication failure", async () => {
    const failing = testOperationHandler(async () => {
      throw new TypeError("boom");
    });
    const logs = captureLogs();
    onTestFinished(() => logs.restore());
    const response = await failing(apiRequest("/api/v1/domains", { token }));
    expect(response.status).toBe(500);
    expect(response.headers.get("www-authenticate")).toBeNull();
  });
});

describe("X-Request-Id", () => {
  it("is on every response and echoes a sane incoming id", async () => {
    const echoed = await domainsRoute.GET(
      apiRequest("/api/v1/domains", { token, headers: { "x-request-id": "abc-123" } }),
    );
    expect(echoed.headers.get("x-request-id")).toBe("abc-123");
    const unauthenticated = await domainsRoute.GET(apiRequest("/api/v1/domains"));
    expect(unauthenticated.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("replaces an incoming id that is too long or carries odd characters", async () => {
    for (const incoming of ["x".repeat(129), "a b", "<script>"]) {
      const response = await domainsRoute.GET(
        apiRequest("/api/v1/domains", { token, headers: { "x-request-id": incoming } }),
      );
      expect(response.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    }
  });
});

describe("hostile input", () => {
  it("any request body gets a documented answer, never a 500", async () => {
    const body = fc.oneof(
      fc.string({ maxLength: 200 }),
      fc.json({ maxDepth: 3 }),
      fc.jsonValue({ maxDepth: 3 }).map((value) => JSON.stringify({ name: value })),
      fc.domain().map((name) => JSON.stringify({ name })),
    );
    await fc.assert(
      fc.asyncProperty(body, async (raw) => {
        const response = await post(raw);
        expect([201, 400, 409, 422]).toContain(response.status);
        const text = await response.text();
        if (response.status !== 201) {
          expect(apiErrorSchema.safeParse(JSON.parse(text)).success).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("any Authorization header that is not a stored token gets the documented 401", async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 120 }), async (header) => {
        const response = await domainsRoute.GET(
          apiRequest("/api/v1/domains", { authorization: header }),
        );
        expect(response.status).toBe(401);
        const error = await readError(response);
        expect(error.code).toBe("unauthorized");
        expect([
          "Missing or invalid Authorization header",
          "Invalid or expired API token",
        ]).toContain(error.message);
      }),
      { numRuns: 500 },
    );
  });
});
