import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getTokenOperation, updateTokenOperation } from "@/app/api/v1/tokens/[id]/operations";
import { revokeTokenOperation } from "@/app/api/v1/tokens/[id]/revoke/operations";
import { createTokenOperation, listTokensOperation } from "@/app/api/v1/tokens/operations";
import { getSelfTokenOperation } from "@/app/api/v1/tokens/self/operations";
import type { Operation } from "@/lib/api/operation";
import { isWellFormedApiToken } from "@/lib/auth/token";
import { earliestAllowedExpirationDate, expiryInstantFromDate } from "@/lib/auth/token-expiry";
import { db } from "@/lib/db";
import { DEFAULT_SCOPES, SCOPES } from "@/lib/permissions";
import { flushRequestLogs } from "@/lib/services/logs/writer";
import { apiTokenSchema, createdApiTokenSchema } from "@/lib/validations/token-api";
import { createApiToken, readError } from "@/test/api/helpers";
import { callOperation } from "@/test/api/operation-fixtures";
import { holdClock } from "@/test/clock";
import { createTestOrganization, uniqueSuffix } from "@/test/factories";

// /api/v1/tokens through its handlers, against the real database: what each operation
// answers, its documented errors, and that a token's value appears in the response that
// creates it and nowhere else. Every response of this file is kept, to prove afterwards
// that none holds a token hash. Escalation: token-escalation.test.ts.

const DAY_MS = 24 * 60 * 60 * 1000;
let organizationId: string;
let admin: string;
let adminId: string;
const answered: string[] = [];

beforeAll(async () => {
  organizationId = (await createTestOrganization({ plan: "PRO" })).id;
  const created = await createApiToken({ organizationId, scopes: SCOPES, name: "Admin" });
  admin = created.token;
  adminId = created.row.id;
});

afterAll(async () => {
  const rows = await db.apiToken.findMany({ where: { organizationId } });
  expect(rows.length).toBeGreaterThan(5);
  for (const text of answered) {
    expect(text).not.toMatch(/hash/i);
    for (const row of rows) expect(text).not.toContain(row.tokenHash);
  }
});

/** Calls `operation` as the admin token (or `token`), keeping the body it answered. */
async function call(
  operation: Operation,
  options: { params?: Record<string, string>; body?: unknown; search?: string; token?: string },
) {
  const response = await callOperation(operation, options.params ?? {}, {
    token: options.token ?? admin,
    body: options.body as object | undefined,
    search: options.search,
  });
  const text = await response.text();
  answered.push(text);
  return { status: response.status, headers: response.headers, json: JSON.parse(text) };
}

/** Creates a token named uniquely unless `body` names it (or is no object). */
async function create(body: object, token?: string) {
  const named = Array.isArray(body) ? body : { name: `API ${uniqueSuffix()}`, ...body };
  return call(createTokenOperation, { body: named, token });
}

describe("POST /api/v1/tokens", () => {
  it("creates a token from the documented example, today and ten years from now", async () => {
    const example = createTokenOperation.bodyExample as { name: string };
    const held = holdClock();
    for (const _ of ["today", "in ten years"]) {
      const { status } = await create({ ...example, name: `${example.name} ${uniqueSuffix()}` });
      expect(status).toBe(201);
      held.advance(10 * 366 * DAY_MS);
    }
  });

  it("creates a token with the form's rules: 201, Location, the value once, the metadata", async () => {
    const expiresOn = earliestAllowedExpirationDate();
    const name = `Deploy ${uniqueSuffix()}`;
    const { status, headers, json } = await call(createTokenOperation, {
      body: {
        name: `  ${name} `,
        description: "From CI",
        scopes: ["tokens:read", "domains:read", "domains:read"],
        ipAllowlist: ["203.0.113.7", "198.51.100.0/24"],
        expiresOn,
      },
    });
    expect(status).toBe(201);
    expect(createdApiTokenSchema.strict().parse(json.data)).toMatchObject({
      name,
      description: "From CI",
      scopes: ["domains:read", "tokens:read"],
      ipAllowlist: ["203.0.113.7/32", "198.51.100.0/24"],
      expiresOn,
      expiresAt: expiryInstantFromDate(expiresOn).toISOString(),
      status: "active",
      lastUsedAt: null,
      lastUsedIp: null,
      revokedAt: null,
    });
    expect(isWellFormedApiToken(json.data.token)).toBe(true);
    expect(json.data.lastFour).toBe(json.data.token.slice(-4));
    expect(headers.get("location")).toBe(`/api/v1/tokens/${json.data.id}`);
    const audit = await db.auditEvent.findFirstOrThrow({ where: { targetId: json.data.id } });
    expect(audit).toMatchObject({ action: "token.created", actorId: null, actorTokenId: adminId });
  });

  it("gives a token created without scopes domains:read and domains:write, no allowlist, no expiry", async () => {
    const { status, json } = await create({});
    expect(status).toBe(201);
    expect(json.data).toMatchObject({
      scopes: [...DEFAULT_SCOPES],
      ipAllowlist: [],
      expiresOn: null,
      description: null,
    });
  });

  it("shows the value only in the response that creates it; the value works", async () => {
    const { json } = await create({ scopes: ["domains:read"] });
    const { token, id } = json.data as { token: string; id: string };
    const self = await call(getSelfTokenOperation, { token });
    expect(self.json.data.id).toBe(id);
    const responses = [
      self,
      await call(getTokenOperation, { params: { id } }),
      await call(listTokensOperation, { search: "limit=100" }),
      await call(revokeTokenOperation, { params: { id } }),
    ];
    for (const response of responses) {
      expect(response.status).toBe(200);
      expect(JSON.stringify(response.json)).not.toContain(token.slice(3));
    }
    await flushRequestLogs();
    const logged = await db.apiRequestLog.findMany({ where: { organizationId } });
    expect(JSON.stringify(logged, (_k, v) => (typeof v === "bigint" ? 0 : v))).not.toContain(
      token.slice(3),
    );
  });

  it.each([
    [{ ipAllowlist: ["10.0.0.300"] }, "ipAllowlist", "`10.0.0.300` is not a valid IP address"],
    [{ ipAllowlist: ["10.0.0.5/24"] }, "ipAllowlist", "has host bits set"],
    [{ ipAllowlist: ["10.0.0.1 10.0.0.2"] }, "ipAllowlist.0", "one IP address or CIDR range"],
    [{ expiresOn: "2020-01-01" }, "expiresOn", "Choose a date after today (UTC)"],
    [{ expiresOn: "2027-02-30" }, "expiresOn", "Enter a valid date (YYYY-MM-DD)"],
    [{ scopes: [] }, "scopes", "Choose at least one permission"],
    [{ scopes: ["admin"] }, "scopes.0", "Unknown scope"],
    [{ name: " " }, "name", "Enter a name for the token"],
    [{ name: "x".repeat(101) }, "name", "at most 100 characters"],
    [{ extra: true }, "", 'Unrecognized key: "extra"'],
    [[], "", "Request body must be a JSON object"],
  ])("refuses %j with 422 on %s, saving nothing", async (body, path, message) => {
    const before = await db.apiToken.count({ where: { organizationId } });
    const { status, json } = await create(body);
    expect(status).toBe(422);
    expect(json.error.code).toBe("validation_error");
    expect(json.error.issues).toContainEqual({ path, message: expect.stringContaining(message) });
    expect(await db.apiToken.count({ where: { organizationId } })).toBe(before);
  });

  // The body goes to the service as it is: an entry holding a newline is not split into the
  // two addresses a text field would have made of it.
  it("takes the allowlist as the list sent: a newline inside an entry is one bad entry", async () => {
    const before = await db.apiToken.count({ where: { organizationId } });
    const { status, json } = await create({ ipAllowlist: ["192.0.2.1", "10.0.0.1\n10.0.0.2"] });
    expect(status).toBe(422);
    expect(json.error).toEqual({
      code: "validation_error",
      message: "Request validation failed",
      issues: [{ path: "ipAllowlist.1", message: "Each entry is one IP address or CIDR range" }],
    });
    expect(await db.apiToken.count({ where: { organizationId } })).toBe(before);
    const kept = await create({ ipAllowlist: ["10.0.0.1", "2001:db8::/32", "10.0.0.1/32"] });
    expect(kept.json.data.ipAllowlist).toEqual(["10.0.0.1/32", "2001:db8::/32"]);
  });

  it("refuses the name of another active token (ignoring case) with 422", async () => {
    const name = `Twin ${uniqueSuffix()}`;
    expect((await create({ name })).status).toBe(201);
    const { status, json } = await create({ name: name.toUpperCase() });
    expect(status).toBe(422);
    expect(json.error.issues[0].path).toBe("name");
  });
});

// JSON can spell a lone UTF-16 surrogate ("\ud800"), which no text is: PostgreSQL refuses it
// in JSON (the audit event's metadata). Text the user chose is refused, naming the field.
describe("unpaired surrogates in a token's text", () => {
  it.each([
    ["name", { name: "Deploy \ud800 bot" }],
    ["description", { description: "half a pair: \udc00" }],
    ["name", { name: "ends high \udbff" }],
  ])("refuses one in the %s of a new token with 422, creating nothing", async (field, body) => {
    const before = await db.apiToken.count({ where: { organizationId } });
    const { status, json } = await create(body);
    expect(status).toBe(422);
    expect(json.error.code).toBe("validation_error");
    expect(json.error.issues).toEqual([{ path: field, message: expect.stringMatching(/Unicode/) }]);
    expect(await db.apiToken.count({ where: { organizationId } })).toBe(before);
  });

  it("refuses one in an edit with 422 and changes nothing; a real pair is kept", async () => {
    const { json: created } = await create({ description: "Before" });
    const id = created.data.id;
    for (const body of [{ name: "x\ud800" }, { description: "\udfff" }]) {
      const { status, json } = await call(updateTokenOperation, { params: { id }, body });
      expect(status).toBe(422);
      expect(json.error.issues[0].path).toBe(Object.keys(body)[0]);
    }
    const row = await db.apiToken.findUniqueOrThrow({ where: { id } });
    expect([row.name, row.description]).toEqual([created.data.name, "Before"]);
    const paired = await call(updateTokenOperation, {
      params: { id },
      body: { description: "Mail \ud83d\udce7 bot" },
    });
    expect(paired.status).toBe(200);
    expect(paired.json.data.description).toBe("Mail \u{1F4E7} bot");
  });
});

describe("GET /api/v1/tokens, /tokens/{id}, /tokens/self", () => {
  it("pages the organization's tokens newest first, metadata only", async () => {
    const org = (await createTestOrganization({ plan: "PRO" })).id;
    const caller = await createApiToken({ organizationId: org, scopes: ["tokens:read"] });
    for (let i = 0; i < 3; i += 1) await createApiToken({ organizationId: org });
    await createApiToken({ organizationId }); // another organization's
    const expected = (
      await db.apiToken.findMany({
        where: { organizationId: org },
        orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      })
    ).map((row) => row.id);
    expect(expected).toHaveLength(4);

    const first = await call(listTokensOperation, { token: caller.token, search: "limit=3" });
    expect(first.status).toBe(200);
    expect(first.json.pagination).toMatchObject({ limit: 3, hasMore: true });
    for (const item of first.json.data) expect(apiTokenSchema.strict().parse(item)).toEqual(item);
    const second = await call(listTokensOperation, {
      token: caller.token,
      search: `limit=3&cursor=${first.json.pagination.nextCursor}`,
    });
    expect(second.json.pagination).toEqual({ limit: 3, nextCursor: null, hasMore: false });
    const ids = [...first.json.data, ...second.json.data].map((item: { id: string }) => item.id);
    expect(ids).toEqual(expected);
  });

  it("filters by status", async () => {
    const revoked = await createApiToken({ organizationId, revokedAt: new Date() });
    const expired = await createApiToken({ organizationId, expiresAt: new Date("2021-01-01") });
    const ids = async (status: string) =>
      (await call(listTokensOperation, { search: `status=${status}&limit=100` })).json.data.map(
        (item: { id: string; status: string }) => [item.id, item.status],
      );
    expect(await ids("revoked")).toContainEqual([revoked.row.id, "revoked"]);
    expect(await ids("expired")).toEqual(expect.arrayContaining([[expired.row.id, "expired"]]));
    const active = await ids("active");
    expect(active).toContainEqual([adminId, "active"]);
    expect(active.every(([, status]: string[]) => status === "active")).toBe(true);
  });

  it.each([
    ["status=paused", "status"],
    ["cursor=bm90LWEtY3Vyc29y", "cursor"],
    ["limit=101", "limit"],
  ])("refuses ?%s with 422 on %s", async (search, path) => {
    const { status, json } = await call(listTokensOperation, { search });
    expect(status).toBe(422);
    expect(json.error.issues[0].path).toBe(path);
  });

  it("gets one token; another organization's id or a non-UUID is 404", async () => {
    const own = await call(getTokenOperation, { params: { id: adminId } });
    expect(own.status).toBe(200);
    expect(own.json.data).toMatchObject({ id: adminId, name: "Admin", scopes: [...SCOPES] });
    const foreign = await createApiToken({
      organizationId: (await createTestOrganization()).id,
    });
    for (const id of [foreign.row.id, "not-a-uuid"]) {
      const { status, json } = await call(getTokenOperation, { params: { id } });
      expect(status).toBe(404);
      expect(json.error).toEqual({ code: "not_found", message: "Token not found" });
    }
  });

  it("tells any token, even one with no token scope, its own metadata", async () => {
    const reader = await createApiToken({ organizationId, scopes: ["domains:read"] });
    const { status, json } = await call(getSelfTokenOperation, { token: reader.token });
    expect(status).toBe(200);
    expect(json.data).toMatchObject({ id: reader.row.id, scopes: ["domains:read"] });
    const denied = await callOperation(
      getTokenOperation,
      { id: reader.row.id },
      { token: reader.token },
    );
    expect(denied.status).toBe(403);
    expect((await readError(denied)).code).toBe("insufficient_scope");
  });
});

describe("PATCH /api/v1/tokens/{id}", () => {
  it("changes the fields sent and keeps the others", async () => {
    const { json: created } = await create({
      description: "Keep me",
      scopes: ["domains:read"],
      ipAllowlist: ["203.0.113.0/24"],
    });
    const { status, json } = await call(updateTokenOperation, {
      params: { id: created.data.id },
      body: { scopes: ["logs:read", "domains:write"], expiresOn: earliestAllowedExpirationDate() },
    });
    expect(status).toBe(200);
    expect(json.data).toMatchObject({
      name: created.data.name,
      description: "Keep me",
      ipAllowlist: ["203.0.113.0/24"],
      scopes: ["domains:write", "logs:read"],
      expiresOn: earliestAllowedExpirationDate(),
    });
    const cleared = await call(updateTokenOperation, {
      params: { id: created.data.id },
      body: { description: null, ipAllowlist: [], expiresOn: null },
    });
    expect(cleared.json.data).toMatchObject({
      description: null,
      ipAllowlist: [],
      expiresOn: null,
    });
  });

  it("keeps an expired token's allowlist and expiry read-only, and a revoked token whole", async () => {
    const expired = await createApiToken({ organizationId, expiresAt: new Date("2021-01-01") });
    const renamed = await call(updateTokenOperation, {
      params: { id: expired.row.id },
      body: { name: `Renamed ${uniqueSuffix()}` },
    });
    expect(renamed.status).toBe(200);
    const frozen = await call(updateTokenOperation, {
      params: { id: expired.row.id },
      body: { expiresOn: earliestAllowedExpirationDate(), ipAllowlist: ["10.0.0.0/8"] },
    });
    // Refused by the service, in the body's own field names and the API's one 422 message.
    expect(frozen.status).toBe(422);
    expect(frozen.json.error.message).toBe("Request validation failed");
    expect(frozen.json.error.issues.map((issue: { path: string }) => issue.path).sort()).toEqual([
      "expiresOn",
      "ipAllowlist",
    ]);
    const revoked = await createApiToken({ organizationId, revokedAt: new Date() });
    const refused = await call(updateTokenOperation, {
      params: { id: revoked.row.id },
      body: { name: "Back" },
    });
    expect(refused.status).toBe(409);
    expect(refused.json.error).toEqual({
      code: "conflict",
      message: "Revoked tokens cannot be edited",
    });
  });
});

describe("POST /api/v1/tokens/{id}/revoke", () => {
  it("revokes with 200 and the metadata; the token stops at once; again is 409", async () => {
    const target = await createApiToken({ organizationId });
    const { status, json } = await call(revokeTokenOperation, { params: { id: target.row.id } });
    expect(status).toBe(200);
    expect(json.data).toMatchObject({ id: target.row.id, status: "revoked" });
    expect(Date.parse(json.data.revokedAt)).not.toBeNaN();
    expect((await callOperation(getSelfTokenOperation, {}, { token: target.token })).status).toBe(
      401,
    );
    const again = await call(revokeTokenOperation, { params: { id: target.row.id } });
    expect(again.status).toBe(409);
    expect(again.json.error.message).toBe("This token has already been revoked");
  });
});
