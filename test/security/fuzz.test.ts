import { randomInt } from "node:crypto";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import {
  DELETE as unknownDelete,
  GET as unknownGet,
  OPTIONS as unknownOptions,
  PATCH as unknownPatch,
  POST as unknownPost,
  PUT as unknownPut,
} from "@/app/api/v1/[[...path]]/route";
import { API_OPERATIONS } from "@/app/api/v1/operations";
import { isPublicOperation, operationName } from "@/lib/api/operation";
import { ERROR_STATUS } from "@/lib/errors";
import { SCOPES } from "@/lib/permissions";
import { apiRequest, createApiTenant, routeContext } from "@/test/api/helpers";
import {
  callOperation,
  declaredErrorStatuses,
  fillPath,
  successfulInput,
  successStatusOf,
} from "@/test/api/operation-fixtures";
import { hostileHeader } from "@/test/security/fuzz-inputs";

// Hundreds of real requests per property take longer than the default test timeout on a
// busy machine or on the single-connection embedded database.
vi.setConfig({ testTimeout: 120_000 });

// Property-based fuzzing of everything an API client controls: the Authorization header
// and every /api/v1 body, query and path id (the parsers alone: fuzz-parsers.test.ts). Each
// property states the contract: never a 500, never an unhandled rejection, and every
// failure in the documented `{"error":{"code","message"}}` shape with the status its code
// maps to. FUZZ_RUNS scales the API properties (the stress suite runs more).

const UNKNOWN_ROUTE_HANDLERS = {
  GET: unknownGet,
  POST: unknownPost,
  PUT: unknownPut,
  PATCH: unknownPatch,
  DELETE: unknownDelete,
  OPTIONS: unknownOptions,
};

const API_RUNS = Number(process.env.FUZZ_RUNS ?? 250);

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
beforeAll(() => {
  process.on("unhandledRejection", onUnhandled);
});
afterAll(() => {
  process.off("unhandledRejection", onUnhandled);
  expect(unhandled).toEqual([]);
});

function randomIp(): string {
  // A fresh documentation-range address per request keeps the failed-auth limiter (which
  // counts per IP) out of the way of properties that test authentication outcomes.
  return `2001:db8:${randomInt(1, 0xffff).toString(16)}:${randomInt(1, 0xffff).toString(16)}::1`;
}

function isSendableHeaderValue(value: string): boolean {
  try {
    new Headers([["authorization", value]]);
    return true;
  } catch {
    return false;
  }
}

async function expectDocumentedShape(response: Response, allowed: number[]): Promise<void> {
  expect(allowed).toContain(response.status);
  expect(response.status).not.toBe(500);
  expect(response.headers.get("x-request-id")).toBeTruthy();
  expect(response.headers.get("cache-control")).toBe("no-store");
  if (response.status === 204) return;
  expect(response.headers.get("content-type")).toMatch(/^application\/json/);
  const body = (await response.json()) as { error?: { code: string; message: string } };
  if (response.status >= 400) {
    const code = body.error?.code as keyof typeof ERROR_STATUS;
    expect(Object.keys(ERROR_STATUS)).toContain(code);
    expect(ERROR_STATUS[code]).toBe(response.status);
    expect(typeof body.error?.message).toBe("string");
    expect(body.error?.message.length).toBeGreaterThan(0);
  }
}

// Every declared operation (app/api/v1/operations.ts) is fuzzed through its declaration:
// the Authorization header always, the query when it declares one, the body when it declares
// one, the path params when it has some. Each answers its success status or an error its
// declaration implies, in the documented shape, never a 500.
const QUERY_VALUE = fc.oneof(
  fc.string(),
  fc.integer().map(String),
  fc.constantFrom("0", "-1", "101", "1e3", "NaN", "", "%00", "null"),
);
// Text with lone UTF-16 surrogates: JSON.stringify writes them as "\ud800" escapes, which
// JSON.parse turns back into strings that are no valid Unicode (PostgreSQL refuses them in
// JSON). In every field an operation reads, in keys, and in lists of entries.
const LONE_SURROGATE_TEXT = fc.string({
  unit: fc.constantFrom("\ud800", "\udbff", "\udc00", "\udfff", "a", " ", "é", "\u{1F4E7}"),
  minLength: 1,
});
const SURROGATE_FIELDS = fc.oneof(
  fc.record({ name: LONE_SURROGATE_TEXT, description: LONE_SURROGATE_TEXT }, { requiredKeys: [] }),
  fc.record(
    {
      token: LONE_SURROGATE_TEXT,
      type: LONE_SURROGATE_TEXT,
      url: LONE_SURROGATE_TEXT,
      source: LONE_SURROGATE_TEXT,
    },
    { requiredKeys: [] },
  ),
  fc.dictionary(
    fc.oneof(fc.constantFrom("name", "description", "scopes"), LONE_SURROGATE_TEXT),
    fc.oneof(LONE_SURROGATE_TEXT, fc.array(LONE_SURROGATE_TEXT, { maxLength: 3 })),
  ),
);
const BODY_TEXT = fc.oneof(
  { arbitrary: SURROGATE_FIELDS.map((fields) => JSON.stringify(fields)), weight: 2 },
  {
    arbitrary: fc.array(SURROGATE_FIELDS, { maxLength: 3 }).map((list) => JSON.stringify(list)),
    weight: 1,
  },
  fc.json(),
  fc.string(),
  fc.string({ unit: "binary" }),
  fc
    .record({ name: fc.oneof(fc.string(), fc.domain(), fc.anything()) })
    .map((value) => JSON.stringify(value)),
  fc.anything().map((value) => JSON.stringify(value) ?? "undefined"),
  fc.domain().map((name) => JSON.stringify({ name, extra: "<script>alert(1)</script>" })),
);
const PARAM_VALUE = fc.oneof(fc.string(), fc.uuid(), fc.string({ unit: "binary", maxLength: 300 }));

function keysOf(schema: z.ZodType | undefined): string[] {
  return schema instanceof z.ZodObject ? Object.keys(schema.shape) : [];
}

describe.each(API_OPERATIONS.map((operation) => ({ operation, name: operationName(operation) })))(
  "fuzz: $name",
  ({ operation }) => {
    let token: string;
    let organizationId: string;
    const outcomes = [successStatusOf(operation), ...declaredErrorStatuses(operation)];
    beforeAll(async () => {
      ({
        token,
        organization: { id: organizationId },
      } = await createApiTenant("BUSINESS", SCOPES));
    });

    // A public operation ignores the header; any other refuses every hostile one.
    const isPublic = isPublicOperation(operation);
    it(`any Authorization header → ${isPublic ? "ignored" : "401 in the documented shape"}`, async () => {
      const { params, body } = await successfulInput(operation, organizationId);
      await fc.assert(
        fc.asyncProperty(hostileHeader, async (authorization) => {
          // Values HTTP itself cannot carry (NUL, line breaks) never reach the application.
          fc.pre(isSendableHeaderValue(authorization));
          const response = await callOperation(operation, params, {
            authorization,
            ip: randomIp(),
            body,
          });
          await expectDocumentedShape(response, [isPublic ? successStatusOf(operation) : 401]);
          if (!isPublic)
            expect(response.headers.get("www-authenticate")).toMatch(/^Bearer realm="MailShield"/);
        }),
        { numRuns: API_RUNS },
      );
    });

    if (operation.query)
      it("any query → a declared outcome, never 500", async () => {
        const keys = [
          ...keysOf(operation.query),
          "x",
          `${keysOf(operation.query)[0]}[]`,
          "__proto__",
        ];
        await fc.assert(
          fc.asyncProperty(fc.dictionary(fc.constantFrom(...keys), QUERY_VALUE), async (query) => {
            const { params, body } = await successfulInput(operation, organizationId);
            const search = new URLSearchParams(query).toString();
            const response = await callOperation(operation, params, {
              token,
              ip: randomIp(),
              body,
              search,
            });
            await expectDocumentedShape(response, outcomes);
          }),
          { numRuns: API_RUNS },
        );
      });

    if (operation.body)
      it("any body → a declared outcome, never 500", async () => {
        await fc.assert(
          fc.asyncProperty(
            BODY_TEXT,
            fc.constantFrom("application/json", "text/plain", ""),
            async (text, type) => {
              const { params } = await successfulInput(operation, organizationId);
              const response = await callOperation(operation, params, {
                token,
                ip: randomIp(),
                body: text,
                headers: type ? { "content-type": type } : {},
              });
              await expectDocumentedShape(response, outcomes);
            },
          ),
          { numRuns: API_RUNS },
        );
      });

    if (operation.params)
      it("any path params → an error it declares, never 500", async () => {
        const keys = keysOf(operation.params);
        const body = (await successfulInput(operation, organizationId)).body;
        await fc.assert(
          fc.asyncProperty(
            fc.array(PARAM_VALUE, { minLength: keys.length, maxLength: keys.length }),
            async (values) => {
              const params = Object.fromEntries(keys.map((key, i) => [key, values[i] ?? ""]));
              const response = await callOperation(operation, params, {
                token,
                ip: randomIp(),
                body,
              });
              // No random value names a resource of the organization: never the success status.
              await expectDocumentedShape(response, declaredErrorStatuses(operation));
            },
          ),
          { numRuns: API_RUNS },
        );
      });

    if (operation.body)
      it("a body over 64 KB → 413 without reading it all, also when Content-Length lies", async () => {
        const { params } = await successfulInput(operation, organizationId);
        const big = JSON.stringify({ name: "a".repeat(70 * 1024) });
        const honest = await callOperation(operation, params, { token, body: big, ip: randomIp() });
        await expectDocumentedShape(honest, [413]);
        const stream = new ReadableStream({
          start(controller) {
            for (let i = 0; i < 100; i += 1) controller.enqueue(new Uint8Array(1024).fill(32));
            controller.close();
          },
        });
        const path = fillPath(operation.path, params);
        const request = apiRequest(path, { method: operation.method, token, ip: randomIp() });
        const chunked = await operation.handle(
          new Request(request, {
            body: stream,
            // @ts-expect-error Node's fetch needs duplex for a streamed request body.
            duplex: "half",
          }),
          routeContext(params),
        );
        await expectDocumentedShape(chunked, [413]);
      });
  },
);

describe("fuzz: unknown /api/v1 routes", () => {
  let token: string;
  beforeAll(async () => {
    ({ token } = await createApiTenant("BUSINESS", SCOPES));
  });

  it("unknown paths and methods → 404 JSON with a token, 401 without, never 500", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.webPath(),
        fc.constantFrom("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"),
        fc.boolean(),
        async (path, method, authenticated) => {
          const request = apiRequest(`/api/v1/nope${path}`, {
            method,
            token: authenticated ? token : undefined,
            ip: randomIp(),
          });
          const handler = UNKNOWN_ROUTE_HANDLERS[method as keyof typeof UNKNOWN_ROUTE_HANDLERS];
          await expectDocumentedShape(await handler(request), [authenticated ? 404 : 401]);
        },
      ),
      { numRuns: API_RUNS },
    );
  });
});
