import { describe, expect, it } from "vitest";
import * as domainRoute from "@/app/api/v1/domains/[id]/route";
import * as domainsRoute from "@/app/api/v1/domains/route";
import { API_OPERATIONS } from "@/app/api/v1/operations";
import { operationName } from "@/lib/api/operation";
import { db } from "@/lib/db";
import { DEFAULT_SCOPES, SCOPES, type Scope, SELF_SCOPE, scopeSatisfies } from "@/lib/permissions";
import { describeRefusal } from "@/lib/refusal-reasons";
import { flushRequestLogs } from "@/lib/services/logs/writer";
import { apiRequest, createApiTenant, createDomainRow, readError } from "@/test/api/helpers";
import { callOperation, successfulInput, successStatusOf } from "@/test/api/operation-fixtures";

// Least privilege on /api/v1: each operation requires the scope its declaration names, and a
// token outside it gets 403 insufficient_scope (RFC 6750), checked from the token lookup
// itself (no extra query).

async function tenantWithScopes(scopes: string[]) {
  const tenant = await createApiTenant("PRO");
  await db.apiToken.update({ where: { id: tenant.tokenRow.id }, data: { scopes } });
  return tenant;
}

function createDomain(token: string, name = `scoped-${Date.now()}-${Math.random()}.example`) {
  return domainsRoute.POST(
    apiRequest("/api/v1/domains", { method: "POST", token, body: { name } }),
  );
}

describe("token scopes on /api/v1", () => {
  it("gives a token created without a choice (and every earlier token) domains:read and domains:write", async () => {
    const { token, tokenRow } = await createApiTenant("PRO");
    const stored = await db.apiToken.findUniqueOrThrow({ where: { id: tokenRow.id } });
    expect(stored.scopes).toEqual([...DEFAULT_SCOPES]);
    expect((await domainsRoute.GET(apiRequest("/api/v1/domains", { token }))).status).toBe(200);
    expect((await createDomain(token)).status).toBe(201);
  });

  it("refuses a write to a read-only token with 403 insufficient_scope naming the scope", async () => {
    const { token, organization } = await tenantWithScopes(["domains:read"]);
    expect((await domainsRoute.GET(apiRequest("/api/v1/domains", { token }))).status).toBe(200);

    const refused = await createDomain(token);
    expect(refused.status).toBe(403);
    expect(await refused.json()).toEqual({
      error: {
        code: "insufficient_scope",
        message: "This token lacks the domains:write scope that this operation requires.",
      },
    });
    expect(refused.headers.get("www-authenticate")).toBe(
      'Bearer realm="MailShield", error="insufficient_scope", scope="domains:write"',
    );
    const domain = await createDomainRow(organization.id);
    const deleted = await domainRoute.DELETE(
      apiRequest(`/api/v1/domains/${domain.id}`, { method: "DELETE", token }),
      { params: Promise.resolve({ id: domain.id }) },
    );
    expect(deleted.status).toBe(403);
    expect(await db.domain.count({ where: { id: domain.id } })).toBe(1);
  });

  it("lets write imply read of the same resource, and nothing of another", async () => {
    const writer = await tenantWithScopes(["domains:write"]);
    expect(
      (await domainsRoute.GET(apiRequest("/api/v1/domains", { token: writer.token }))).status,
    ).toBe(200);
    const other = await tenantWithScopes(["logs:read"]);
    const refused = await domainsRoute.GET(apiRequest("/api/v1/domains", { token: other.token }));
    expect(refused.status).toBe(403);
    expect(refused.headers.get("www-authenticate")).toContain('scope="domains:read"');
    const none = await tenantWithScopes([]);
    expect(
      (await domainsRoute.GET(apiRequest("/api/v1/domains", { token: none.token }))).status,
    ).toBe(403);
  });

  it("logs the refusal for the organization with its reason and the scope it needed", async () => {
    const { token, tokenRow } = await tenantWithScopes(["domains:read"]);
    await createDomain(token);
    await flushRequestLogs();
    const row = await db.apiRequestLog.findFirstOrThrow({ where: { tokenId: tokenRow.id } });
    expect(row).toMatchObject({
      status: 403,
      errorCode: "insufficient_scope",
      refusalReason: "insufficient_scope",
      requiredScope: "domains:write",
    });
    // The Access Logs name it.
    expect(describeRefusal(row)).toBe("Token lacks the domains:write scope this request needs");
    // Other requests record none.
    expect((await domainsRoute.GET(apiRequest("/api/v1/domains", { token }))).status).toBe(200);
    await flushRequestLogs();
    const served = await db.apiRequestLog.findFirstOrThrow({
      where: { tokenId: tokenRow.id, status: 200 },
    });
    expect(served.requiredScope).toBeNull();
  });
});

// Every declared operation, from its declaration: the scope it names is enough, and every
// scope that does not satisfy it is not. The tokens also hold domains:read, the scope the
// fixtures' new tokens are given, so that creating one is never an escalation.
// Public operations (`auth: "none"`) take no token, so no scope: auth-contract.test.ts.
describe.each(
  API_OPERATIONS.flatMap((operation) =>
    operation.scope === undefined
      ? []
      : [{ operation, scope: operation.scope, name: operationName(operation) }],
  ),
)("scopes of $name", ({ operation, scope }) => {
  async function callWith(scopes: readonly string[]) {
    const { token, organization } = await tenantWithScopes([...scopes]);
    const { params, body } = await successfulInput(operation, organization.id);
    return callOperation(operation, params, { token, body });
  }

  if (scope === SELF_SCOPE) {
    it("answers a token with no scope at all", async () => {
      expect((await callWith([])).status).toBe(successStatusOf(operation));
    });
    return;
  }
  const required: Scope = scope;

  it(`answers a token holding ${required} (and domains:read)`, async () => {
    expect((await callWith([required, "domains:read"])).status).toBe(successStatusOf(operation));
  });

  it(`refuses every scope that does not include ${required} with 403 insufficient_scope`, async () => {
    const others = SCOPES.filter((scope) => !scopeSatisfies([scope], required));
    const response = await callWith(others);
    expect(response.status).toBe(403);
    expect(await readError(response)).toEqual({
      code: "insufficient_scope",
      message: `This token lacks the ${required} scope that this operation requires.`,
    });
  });
});
