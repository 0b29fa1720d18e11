import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as auditRoute from "@/app/api/v1/audit-events/route";
import { db } from "@/lib/db";
import { auditEventListSchema } from "@/lib/validations/audit-event";
import { apiRequest, createApiTenant, readError } from "@/test/api/helpers";
import { createTestTenant, createTestUser } from "@/test/factories";

// GET /api/v1/audit-events: the Audit Log's list for tokens holding audit:read, with the
// page's filters and cursor, scoped to the token's organization.

let organizationId: string;
let token: string;
let tokenId: string;
let userId: string;
const BASE = Date.UTC(2026, 10, 1, 12);
const minute = (n: number) => new Date(BASE + n * 60_000);

function list(search = "", bearer = token) {
  return auditRoute.GET(
    apiRequest(`/api/v1/audit-events${search && `?${search}`}`, { token: bearer }),
  );
}

async function page(search = "") {
  const response = await list(search);
  expect(response.status).toBe(200);
  return auditEventListSchema.parse(await response.json());
}

beforeAll(async () => {
  const tenant = await createApiTenant("PRO", ["audit:read"]);
  organizationId = tenant.organization.id;
  token = tenant.token;
  tokenId = tenant.tokenRow.id;
  userId = (await createTestUser({ organizationId })).user.id;
  // Five events a minute apart: 0–2 by the member, 3–4 by the token; even ones "created".
  for (let index = 0; index < 5; index += 1) {
    await db.auditEvent.create({
      data: {
        organizationId,
        ...(index < 3
          ? { actorId: userId }
          : { actorTokenId: tokenId, metadata: { tokenName: tenant.tokenRow.name } }),
        action: index % 2 === 0 ? "token.created" : "token.revoked",
        targetType: "api_token",
        targetId: `target-${index}`,
        ip: "192.0.2.1",
        createdAt: minute(index),
      },
    });
  }
  // Another organization's event never shows.
  const other = await createTestTenant();
  await db.auditEvent.create({
    data: {
      organizationId: other.organization.id,
      actorId: other.user.id,
      action: "token.created",
      targetType: "api_token",
      createdAt: minute(2),
    },
  });
});

afterAll(async () => {
  await db.$disconnect();
});

const targets = (body: { data: Array<{ target: { id: string | null } }> }) =>
  body.data.map((event) => event.target.id);

describe("GET /api/v1/audit-events", () => {
  it("lists the organization's events newest first, naming person and token actors", async () => {
    const body = await page();
    expect(targets(body)).toEqual(["target-4", "target-3", "target-2", "target-1", "target-0"]);
    expect(body.data[0]).toMatchObject({
      action: "token.created",
      actionLabel: "Token created",
      actor: { type: "token", id: tokenId },
      ip: "192.0.2.1",
      createdAt: minute(4).toISOString(),
    });
    expect(body.data[4]?.actor).toMatchObject({ type: "user", id: userId });
    expect(body.pagination).toEqual({ limit: 25, nextCursor: null, hasMore: false });
  });

  it("pages with the cursor, without gaps or repeats", async () => {
    const first = await page("limit=2");
    expect(targets(first)).toEqual(["target-4", "target-3"]);
    expect(first.pagination.hasMore).toBe(true);
    const second = await page(`limit=2&cursor=${first.pagination.nextCursor}`);
    expect(targets(second)).toEqual(["target-2", "target-1"]);
    const third = await page(`limit=2&cursor=${second.pagination.nextCursor}`);
    expect(targets(third)).toEqual(["target-0"]);
    expect(third.pagination).toMatchObject({ nextCursor: null, hasMore: false });
  });

  it("filters by actor, action and time", async () => {
    expect(targets(await page(`actor=token:${tokenId}`))).toEqual(["target-4", "target-3"]);
    expect(targets(await page(`actor=user:${userId}&action=token.revoked`))).toEqual(["target-1"]);
    const window = `from=${minute(1).toISOString()}&to=${minute(3).toISOString()}`;
    expect(targets(await page(window))).toEqual(["target-2", "target-1"]);
    expect(targets(await page("actor=system"))).toEqual([]);
  });

  it.each([
    ["actor=nobody", "actor"],
    ["action=token.exploded", "action"],
    ["from=yesterday", "from"],
    ["cursor=not-a-cursor", "cursor"],
    ["limit=0", "limit"],
    [`from=${minute(3).toISOString()}&to=${minute(1).toISOString()}`, "from"],
    ["range=7d&from=2026-11-01", "from"],
  ])("refuses %s with 422 naming the parameter", async (search, path) => {
    const response = await list(search);
    expect(response.status).toBe(422);
    const issues = (await readError(response)).issues as Array<{ path: string }>;
    expect(issues.map((issue) => issue.path)).toContain(path);
  });

  it("requires audit:read: a token without it gets 403 insufficient_scope", async () => {
    const { token: domainsOnly } = await createApiTenant("PRO", ["domains:write"]);
    const response = await list("", domainsOnly);
    expect(response.status).toBe(403);
    expect((await readError(response)).code).toBe("insufficient_scope");
  });
});
