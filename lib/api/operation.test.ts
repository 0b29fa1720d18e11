import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { defineOperation } from "@/lib/api/operation";
import { AppError } from "@/lib/errors";
import { SELF_SCOPE } from "@/lib/permissions";
import { scopeRefusal } from "@/lib/services/authorize";
import { apiRequest, createApiTenant, readError, routeContext } from "@/test/api/helpers";

// The pipeline's early scope check, from the one module that judges grants: spied on here
// to see what the pipeline hands it and that its refusal stops the request before the
// handler.
vi.mock("@/lib/services/authorize", async (original) => ({
  ...(await original<typeof import("@/lib/services/authorize")>()),
  scopeRefusal: vi.fn(),
}));

const handler = vi.fn(
  async (context: {
    params: { id: string };
    query: { count: number };
    body: { name: string };
    json: (body: unknown) => Response;
  }) => context.json({ params: context.params, query: context.query, body: context.body }),
);

const operation = defineOperation(
  {
    method: "POST",
    path: "/api/v1/things/{id}",
    operationId: "touchThing",
    summary: "Touch a thing",
    tag: "Things",
    scope: "domains:write",
    params: z.object({ id: z.string().min(3) }),
    query: z.object({ count: z.coerce.number().int().default(1) }),
    body: z.strictObject({ name: z.string() }),
    responses: { 200: { schema: null, description: "Touched." } },
  },
  handler,
);

let token: string;
beforeAll(async () => {
  ({ token } = await createApiTenant("PRO"));
});
afterEach(() => {
  vi.mocked(scopeRefusal).mockReset();
  handler.mockClear();
});

function call(id: string, search: string, body: string | object): Promise<Response> {
  const request = apiRequest(`/api/v1/things/${id}${search}`, { method: "POST", token, body });
  return operation.handle(request, routeContext({ id }));
}

describe("defineOperation", () => {
  it("hands the handler its params, query and body parsed by the declared schemas", async () => {
    const response = await call("abc", "?count=3", { name: "x" });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      params: { id: "abc" },
      query: { count: 3 },
      body: { name: "x" },
    });
  });

  it.each([
    ["path params", "ab", "", { name: "x" }, "id"],
    ["query", "abc", "?count=two", { name: "x" }, "count"],
    ["body", "abc", "", { name: 1 }, "name"],
  ])(
    "answers 422 validation_error for invalid %s, before the handler",
    async (_part, id, search, body, field) => {
      const response = await call(id, search, body);
      expect(response.status).toBe(422);
      const error = await readError(response);
      expect(error.code).toBe("validation_error");
      expect(JSON.stringify(error.issues)).toContain(`"path":"${field}"`);
      expect(handler).not.toHaveBeenCalled();
    },
  );

  it("passes the authenticated token and the declared scope to scopeRefusal", async () => {
    await call("abc", "", { name: "x" });
    expect(scopeRefusal).toHaveBeenCalledTimes(1);
    expect(vi.mocked(scopeRefusal).mock.calls[0]?.[1]).toBe("domains:write");
    expect(vi.mocked(scopeRefusal).mock.calls[0]?.[0]).toMatchObject({
      organizationId: expect.any(String),
    });
  });

  it("a refusal from scopeRefusal answers before the body is read or the handler runs", async () => {
    vi.mocked(scopeRefusal).mockReturnValue(
      new AppError("insufficient_scope", "This token lacks the domains:write scope"),
    );
    const response = await call("abc", "", "not json");
    expect(response.status).toBe(403);
    expect(await readError(response)).toMatchObject({ code: "insufficient_scope" });
    expect(handler).not.toHaveBeenCalled();
  });

  it("does not consult scopeRefusal for a token that fails authentication", async () => {
    const request = apiRequest("/api/v1/things/abc", { method: "POST", body: { name: "x" } });
    expect((await operation.handle(request, routeContext({ id: "abc" }))).status).toBe(401);
    expect(scopeRefusal).not.toHaveBeenCalled();
  });

  it("with selfTokenParam, asks no scope when the param names the calling token", async () => {
    const onToken = defineOperation(
      {
        method: "POST",
        path: "/api/v1/tokens/{id}/touch",
        operationId: "touchToken",
        summary: "Touch a token",
        tag: "Tokens",
        scope: "tokens:write",
        selfTokenParam: "id",
        params: z.object({ id: z.string() }),
        responses: { 204: { schema: null, description: "Touched." } },
      },
      async ({ noContent }) => noContent(),
    );
    const { token: own, tokenRow } = await createApiTenant("PRO");
    for (const id of [tokenRow.id, crypto.randomUUID()]) {
      const request = apiRequest(`/api/v1/tokens/${id}/touch`, { method: "POST", token: own });
      expect((await onToken.handle(request, routeContext({ id }))).status).toBe(204);
    }
    const asked = vi.mocked(scopeRefusal).mock.calls.map((args) => args[1]);
    expect(asked).toEqual([SELF_SCOPE, "tokens:write"]);
  });
});
