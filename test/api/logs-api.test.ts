import { beforeAll, describe, expect, it } from "vitest";
import { listLogsOperation } from "@/app/api/v1/logs/operations";
import { insertLogRows } from "@/lib/services/logs/test-fixtures";
import { accessLogListSchema } from "@/lib/validations/access-log-api";
import { createApiToken } from "@/test/api/helpers";
import { callOperation } from "@/test/api/operation-fixtures";
import { createTestOrganization } from "@/test/factories";

// GET /api/v1/logs: the organization's access log with the dashboard's filters and cursor
// (lib/validations/logs.ts, lib/services/logs/query.ts), against the real database.

let reader: string;
let other: { id: string; organizationId: string; name: string };
let ids: string[];
// The rows, oldest first: ten minutes apart, ending an hour ago.
const base = Date.now() - 60 * 60_000 - 5 * 10 * 60_000;
const at = (index: number) => new Date(base + index * 10 * 60_000);

beforeAll(async () => {
  const organizationId = (await createTestOrganization({ plan: "PRO" })).id;
  const created = await createApiToken({ organizationId, scopes: ["logs:read"], name: "Reader" });
  reader = created.token;
  other = (await createApiToken({ organizationId, name: "Deployer" })).row;
  const stranger = await createApiToken({ organizationId: (await createTestOrganization()).id });
  await insertLogRows(stranger.row, [{ createdAt: at(5) }]);
  ids = await insertLogRows(other, [
    { createdAt: at(0), requestId: "req-0" },
    { createdAt: at(1), method: "POST", status: 201, requestId: "req-1" },
    { createdAt: at(2), status: 404, errorCode: "not_found", requestId: "req-2" },
    { createdAt: at(3), status: 403, refusalReason: "insufficient_scope", requestId: "req-3" },
    { createdAt: at(4), path: "/api/v1/domains/abc", requestId: "req-4" },
  ]);
  expect(ids).toHaveLength(5);
});

async function list(search: string) {
  const response = await callOperation(listLogsOperation, {}, { token: reader, search });
  return { status: response.status, body: await response.json() };
}

/** The request ids of a page, restricted to the rows this file wrote. */
async function requestIds(search: string): Promise<string[]> {
  const { status, body } = await list(`token=${other.id}&${search}`);
  expect(status).toBe(200);
  return body.data.map((entry: { requestId: string }) => entry.requestId);
}

describe("GET /api/v1/logs", () => {
  it("lists the organization's requests newest first, in the documented shape", async () => {
    const { status, body } = await list("range=24h");
    expect(status).toBe(200);
    expect(accessLogListSchema.parse(body)).toEqual(body);
    // The other organization's row is not there; the reader's own call is not logged yet.
    expect(body.data.map((entry: { requestId: string }) => entry.requestId)).toEqual([
      "req-4",
      "req-3",
      "req-2",
      "req-1",
      "req-0",
    ]);
    expect(body.data[1]).toMatchObject({
      tokenId: other.id,
      tokenName: "Deployer",
      status: 403,
      refusalReason: "insufficient_scope",
      createdAt: at(3).toISOString(),
    });
    expect(body.data[0]).not.toHaveProperty("id");
    expect(body.pagination).toEqual({ limit: 50, nextCursor: null, hasMore: false });
  });

  it.each([
    ["status=4xx", ["req-3", "req-2"]],
    ["status=201", ["req-1"]],
    ["status=4xx&code=404", ["req-2"]],
    ["method=post", ["req-1"]],
    ["path=/domains/abc", ["req-4"]],
    ["request_id=req-0", ["req-0"]],
    ["ip=203.0.113.0/24&code=200", ["req-4", "req-0"]],
    [`from=${at(1).toISOString()}&to=${at(2).toISOString()}`, ["req-2", "req-1"]],
  ])("filters like the dashboard: ?%s", async (search, expected) => {
    expect(await requestIds(search)).toEqual(expected);
  });

  it("pages with the cursor, without overlap", async () => {
    const first = await list(`token=${other.id}&limit=2`);
    expect(first.body.pagination).toMatchObject({ limit: 2, hasMore: true });
    const second = await list(
      `token=${other.id}&limit=2&cursor=${first.body.pagination.nextCursor}`,
    );
    const third = await list(
      `token=${other.id}&limit=2&cursor=${second.body.pagination.nextCursor}`,
    );
    const pages = [first, second, third].map((page) =>
      page.body.data.map((entry: { requestId: string }) => entry.requestId),
    );
    expect(pages).toEqual([["req-4", "req-3"], ["req-2", "req-1"], ["req-0"]]);
    expect(third.body.pagination).toEqual({ limit: 2, nextCursor: null, hasMore: false });
  });

  it.each([
    ["status=abc", "status"],
    ["method=TRACE", "method"],
    ["limit=201", "limit"],
    ["cursor=not-a-cursor", "cursor"],
    ["ip=300.1.1.1", "ip"],
    ["status=2xx&code=404", "code"],
    ["range=24h&from=2026-01-01", "from"],
    ["from=2026-02-01&to=2026-01-01", "from"],
  ])("refuses what the page would ignore with 422: ?%s", async (search, path) => {
    const { status, body } = await list(search);
    expect(status).toBe(422);
    expect(body.error.code).toBe("validation_error");
    expect(body.error.issues.map((issue: { path: string }) => issue.path)).toContain(path);
  });
});
