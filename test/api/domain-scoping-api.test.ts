import { beforeAll, describe, expect, it } from "vitest";
import * as domainRoute from "@/app/api/v1/domains/[id]/route";
import * as domainsRoute from "@/app/api/v1/domains/route";
import * as logsRoute from "@/app/api/v1/logs/route";
import * as rotateRoute from "@/app/api/v1/tokens/[id]/rotate/route";
import * as tokenRoute from "@/app/api/v1/tokens/[id]/route";
import * as tokensRoute from "@/app/api/v1/tokens/route";
import { db } from "@/lib/db";
import { DOMAIN_CREATE_NEEDS_ALL_DOMAINS_MESSAGE } from "@/lib/services/domains/domain-access";
import { flushRequestLogs } from "@/lib/services/logs/writer";
import {
  apiRequest,
  createApiToken,
  createDomainRow,
  readError,
  routeContext,
} from "@/test/api/helpers";
import { createTestOrganization, uniqueSuffix } from "@/test/factories";

// Per-domain scoping through /api/v1, as a client sees it: the token JSON's domainIds, the
// domain endpoints' 404 and 403, the request log's domain and its filter.

let organizationId: string;
let selected: { id: string };
let other: { id: string };
let scoped: string;
let scopedId: string;
let admin: string;

beforeAll(async () => {
  organizationId = (await createTestOrganization({ plan: "PRO" })).id;
  selected = await createDomainRow(organizationId);
  other = await createDomainRow(organizationId);
  const scopedToken = await createApiToken({
    organizationId,
    scopes: ["domains:write", "tokens:write", "logs:read"],
    domainIds: [selected.id],
  });
  scoped = scopedToken.token;
  scopedId = scopedToken.row.id;
  admin = (
    await createApiToken({ organizationId, scopes: ["domains:write", "tokens:write", "logs:read"] })
  ).token;
});

const getDomain = (token: string, id: string) =>
  domainRoute.GET(apiRequest(`/api/v1/domains/${id}`, { token }), routeContext({ id }));

describe("domain endpoints with a token limited to one domain", () => {
  it("answers 200 for the selected domain and 404 for another, like a missing one", async () => {
    expect((await getDomain(scoped, selected.id)).status).toBe(200);
    const response = await getDomain(scoped, other.id);
    expect(response.status).toBe(404);
    const missing = await getDomain(scoped, "0193a000-0000-7000-8000-0000000000ff");
    expect(await readError(response)).toEqual(await readError(missing));
    expect((await getDomain(admin, other.id)).status).toBe(200);
  });

  it("lists only the selected domain", async () => {
    const response = await domainsRoute.GET(
      apiRequest("/api/v1/domains?limit=1", { token: scoped }),
    );
    const body = (await response.json()) as {
      data: { id: string }[];
      pagination: { hasMore: boolean };
    };
    expect(body.data.map((d) => d.id)).toEqual([selected.id]);
    expect(body.pagination.hasMore).toBe(false);
  });

  it("refuses to add a domain with 403 saying why, and to delete another one with 404", async () => {
    const created = await domainsRoute.POST(
      apiRequest("/api/v1/domains", {
        token: scoped,
        method: "POST",
        body: { name: `x-${uniqueSuffix()}.example` },
      }),
    );
    expect(created.status).toBe(403);
    expect(await readError(created)).toMatchObject({
      code: "forbidden",
      message: DOMAIN_CREATE_NEEDS_ALL_DOMAINS_MESSAGE,
    });
    const deleted = await domainRoute.DELETE(
      apiRequest(`/api/v1/domains/${other.id}`, { token: scoped, method: "DELETE" }),
      routeContext({ id: other.id }),
    );
    expect(deleted.status).toBe(404);
    expect(await db.domain.count({ where: { id: other.id } })).toBe(1);
  });

  it("records the domain a request touched, and the log filters on it", async () => {
    await getDomain(scoped, selected.id);
    await flushRequestLogs();
    const response = await logsRoute.GET(
      apiRequest(`/api/v1/logs?domain=${selected.id}`, { token: admin }),
    );
    expect(response.status).toBe(200);
    const body = (await response.json()) as { data: { domainId: string | null; path: string }[] };
    expect(body.data.length).toBeGreaterThan(0);
    for (const entry of body.data) {
      expect(entry.domainId).toBe(selected.id);
      expect(entry.path).toBe(`/api/v1/domains/${selected.id}`);
    }
  });
});

describe("token endpoints and domainIds", () => {
  it("answers domainIds and creates, edits and rotates within the caller's selection only", async () => {
    const self = await tokenRoute.GET(
      apiRequest(`/api/v1/tokens/${scopedId}`, { token: scoped }),
      routeContext({ id: scopedId }),
    );
    expect(((await self.json()) as { data: { domainIds: unknown } }).data.domainIds).toEqual([
      selected.id,
    ]);

    const widened = await tokensRoute.POST(
      apiRequest("/api/v1/tokens", {
        token: scoped,
        method: "POST",
        body: { name: `w-${uniqueSuffix()}`, scopes: ["domains:read"] },
      }),
    );
    expect(widened.status).toBe(403);
    expect((await readError(widened)).message).toMatch(/cannot grant access to all domains/);

    const child = await tokensRoute.POST(
      apiRequest("/api/v1/tokens", {
        token: scoped,
        method: "POST",
        body: { name: `c-${uniqueSuffix()}`, scopes: ["domains:read"], domainIds: [selected.id] },
      }),
    );
    expect(child.status).toBe(201);
    const childId = ((await child.json()) as { data: { id: string; domainIds: unknown } }).data.id;

    const patched = await tokenRoute.PATCH(
      apiRequest(`/api/v1/tokens/${childId}`, {
        token: scoped,
        method: "PATCH",
        body: { domainIds: [other.id] },
      }),
      routeContext({ id: childId }),
    );
    expect(patched.status).toBe(403);

    const rotated = await rotateRoute.POST(
      apiRequest(`/api/v1/tokens/${childId}/rotate`, { token: scoped, method: "POST", body: {} }),
      routeContext({ id: childId }),
    );
    expect(rotated.status).toBe(201);
    expect(((await rotated.json()) as { data: { domainIds: unknown } }).data.domainIds).toEqual([
      selected.id,
    ]);
  });

  it("answers 422 on domainIds for an id that is no domain of the organization", async () => {
    const foreign = await createDomainRow((await createTestOrganization()).id);
    const response = await tokensRoute.POST(
      apiRequest("/api/v1/tokens", {
        token: admin,
        method: "POST",
        body: { name: `f-${uniqueSuffix()}`, domainIds: [foreign.id] },
      }),
    );
    expect(response.status).toBe(422);
    const error = await readError(response);
    expect(JSON.stringify(error)).toContain("domainIds");
    expect(JSON.stringify(error)).toContain(
      `No domain of this organization has the id ${foreign.id}`,
    );
  });
});
