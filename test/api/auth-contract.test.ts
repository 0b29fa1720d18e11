import { beforeAll, describe, expect, it } from "vitest";
import * as domainRoute from "@/app/api/v1/domains/[id]/route";
import * as domainsRoute from "@/app/api/v1/domains/route";
import { API_OPERATIONS } from "@/app/api/v1/operations";
import { isPublicOperation, operationName } from "@/lib/api/operation";
import { AUTH_MESSAGES } from "@/lib/auth/api-auth-messages";
import { REPEATED_AUTHORIZATION_HEADER } from "@/lib/auth/repeated-authorization.mjs";
import { clock } from "@/lib/clock";
import { db } from "@/lib/db";
import type { Plan } from "@/lib/generated/prisma/enums";
import { SCOPES } from "@/lib/permissions";
import { flushRequestLogs } from "@/lib/services/logs/writer";
import {
  apiRequest,
  createDomainRow,
  createApiToken as createTokenRow,
  DEFAULT_CLIENT_IP,
  readError,
  routeContext,
} from "@/test/api/helpers";
import { callOperation, successfulInput, successStatusOf } from "@/test/api/operation-fixtures";
import { holdClock } from "@/test/clock";
import { createTestOrganization } from "@/test/factories";

// The authentication contract of /api/v1, run against every declared operation
// (app/api/v1/operations.ts). A fixture says how to build a request that would succeed for
// a given organization; the suite then breaks exactly one thing at a time and checks the
// documented outcome.

interface RouteUnderTest {
  name: string;
  successStatus: number;
  /** Builds a request (and params) that succeeds when authenticated for `organizationId`. */
  prepare(organizationId: string, options: RequestVariant): Promise<() => Promise<Response>>;
}

interface RequestVariant {
  token?: string;
  authorization?: string | null;
  ip?: string;
  headers?: Record<string, string>;
}

// Every declared operation, with the fixture that makes it succeed (operation-fixtures.ts).
// Public operations (`auth: "none"`) have a contract of their own, at the end.
const ROUTES: RouteUnderTest[] = API_OPERATIONS.filter(
  (operation) => !isPublicOperation(operation),
).map((operation) => ({
  name: operationName(operation),
  successStatus: successStatusOf(operation),
  async prepare(organizationId, variant) {
    const caller = { ip: variant.ip ?? DEFAULT_CLIENT_IP };
    const { params, body } = await successfulInput(operation, organizationId, caller);
    return () => callOperation(operation, params, { ...variant, body });
  },
}));

// The contract is about authentication: the tokens hold every scope (scopes.test.ts checks them).
function createApiToken(options: Parameters<typeof createTokenRow>[0]) {
  return createTokenRow({ scopes: SCOPES, ...options });
}

const MALFORMED_HEADERS: Array<[string, (token: string) => string | null]> = [
  ["no Authorization header", () => null],
  ["another scheme", (token) => `Basic ${token}`],
  ["the token without a scheme", (token) => token],
  ['"Bearer" alone', () => "Bearer"],
  ['"Bearer" and spaces', () => "Bearer    "],
  ["a wrong prefix", (token) => `Bearer sk_${token.slice(3)}`],
  ["a token one character short", (token) => `Bearer ${token.slice(0, -1)}`],
  ["a token one character long", (token) => `Bearer ${token}x`],
  ["characters outside the alphabet", (token) => `Bearer ${token.slice(0, -2)}+/`],
];

async function expectError(response: Response, status: number, code: string, message: string) {
  expect(response.status).toBe(status);
  expect(response.headers.get("content-type")).toContain("application/json");
  expect(response.headers.get("cache-control")).toBe("no-store");
  expect(response.headers.get("x-request-id")).toBeTruthy();
  expect(await readError(response)).toEqual({ code, message });
}

async function logRowsFor(tokenId: string) {
  await flushRequestLogs();
  return db.apiRequestLog.findMany({ where: { tokenId }, orderBy: { id: "asc" } });
}

/** The next 00:00 UTC after the real current time: the kind of instant expiries use. */
function nextUtcMidnight(): Date {
  const now = clock.now();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1));
}

describe.each(ROUTES)("auth contract: $name", (route) => {
  let organizationId: string;
  let token: string;
  let tokenId: string;

  beforeAll(async () => {
    const organization = await createTestOrganization({ plan: "PRO" });
    organizationId = organization.id;
    const created = await createApiToken({ organizationId });
    token = created.token;
    tokenId = created.row.id;
  });

  async function call(variant: RequestVariant, orgId = organizationId) {
    const send = await route.prepare(orgId, variant);
    return send();
  }

  it("succeeds with a valid token, and logs the request for the token", async () => {
    const response = await call({ token });
    expect(response.status).toBe(route.successStatus);
    expect(response.headers.get("x-request-id")).toBeTruthy();
    const rows = await logRowsFor(tokenId);
    expect(rows.at(-1)).toMatchObject({
      status: route.successStatus,
      errorCode: null,
      organizationId,
    });
  });

  it("accepts a lower-case scheme and surrounding whitespace", async () => {
    const response = await call({ authorization: `  bearer ${token}  ` });
    expect(response.status).toBe(route.successStatus);
  });

  it.each(MALFORMED_HEADERS)("401 with WWW-Authenticate for %s", async (_label, header) => {
    const response = await call({ authorization: header(token) });
    expect(response.headers.get("www-authenticate")).toBe('Bearer realm="MailShield"');
    await expectError(response, 401, "unauthorized", AUTH_MESSAGES.missing);
  });

  // Two credentials are refused, whichever of them a proxy in front would have read. Node
  // keeps the first header only, so server.mjs marks the request; a Headers object (a
  // request built in-process) joins them with ", ".
  it("401 with WWW-Authenticate for a valid token sent in two Authorization headers", async () => {
    const marked = await call({ token, headers: { [REPEATED_AUTHORIZATION_HEADER]: "2" } });
    expect(marked.headers.get("www-authenticate")).toBe('Bearer realm="MailShield"');
    await expectError(marked, 401, "unauthorized", AUTH_MESSAGES.missing);
    const joined = await call({ authorization: `Bearer ${token}, Bearer ${token}` });
    await expectError(joined, 401, "unauthorized", AUTH_MESSAGES.missing);
    const glued = await call({ authorization: `Bearer ${token},Bearer ${token}` });
    await expectError(glued, 401, "unauthorized", AUTH_MESSAGES.missing);
  });

  it("401 for a well-formed token that does not exist, and logs nothing", async () => {
    const unknown = `ms_${"A".repeat(43)}`;
    await flushRequestLogs();
    const before = await db.apiRequestLog.count({ where: { organizationId } });
    await expectError(await call({ token: unknown }), 401, "unauthorized", AUTH_MESSAGES.invalid);
    await flushRequestLogs();
    expect(await db.apiRequestLog.count({ where: { organizationId } })).toBe(before);
  });

  it("401 for a revoked token, with the same message, and logs the attempt", async () => {
    const revoked = await createApiToken({ organizationId, revokedAt: new Date() });
    await expectError(
      await call({ token: revoked.token }),
      401,
      "unauthorized",
      AUTH_MESSAGES.invalid,
    );
    const rows = await logRowsFor(revoked.row.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: 401, errorCode: "unauthorized", organizationId });
  });

  it("401 at exactly 00:00 UTC of the expiry date, 200 one second before", async () => {
    const expiresAt = nextUtcMidnight();
    const expiring = await createApiToken({ organizationId, expiresAt });
    const held = holdClock(new Date(expiresAt.getTime() - 1_000));
    expect((await call({ token: expiring.token })).status).toBe(route.successStatus);

    held.set(expiresAt);
    await expectError(
      await call({ token: expiring.token }),
      401,
      "unauthorized",
      AUTH_MESSAGES.invalid,
    );

    const rows = await logRowsFor(expiring.row.id);
    expect(rows.map((row) => row.status)).toEqual([route.successStatus, 401]);
  });

  it("revocation takes effect on the very next request", async () => {
    const live = await createApiToken({ organizationId });
    expect((await call({ token: live.token })).status).toBe(route.successStatus);
    await db.apiToken.update({ where: { id: live.row.id }, data: { revokedAt: new Date() } });
    await expectError(
      await call({ token: live.token }),
      401,
      "unauthorized",
      AUTH_MESSAGES.invalid,
    );
  });

  describe("IP allowlist", () => {
    const cases: Array<[string, string[], string, boolean]> = [
      ["IPv4 inside a /24", ["203.0.113.0/24"], "203.0.113.77", true],
      ["IPv4 at the first address of a /24", ["203.0.113.0/24"], "203.0.113.0", true],
      ["IPv4 at the last address of a /24", ["203.0.113.0/24"], "203.0.113.255", true],
      ["IPv4 just below a /24", ["203.0.113.0/24"], "203.0.112.255", false],
      ["IPv4 just above a /24", ["203.0.113.0/24"], "203.0.114.0", false],
      ["IPv4 exact /32", ["198.51.100.7/32"], "198.51.100.7", true],
      ["IPv4 next to a /32", ["198.51.100.7/32"], "198.51.100.8", false],
      [
        "IPv4-mapped IPv6 client against an IPv4 entry",
        ["203.0.113.0/24"],
        "::ffff:203.0.113.9",
        true,
      ],
      [
        "IPv4-mapped IPv6 client outside an IPv4 entry",
        ["203.0.113.0/24"],
        "::ffff:203.0.114.9",
        false,
      ],
      ["IPv6 inside a /32", ["2001:db8::/32"], "2001:db8:ffff:ffff:ffff:ffff:ffff:ffff", true],
      ["IPv6 just outside a /32", ["2001:db8::/32"], "2001:db9::", false],
      ["IPv6 exact /128", ["2001:db8::1/128"], "2001:db8::1", true],
      ["IPv6 next to a /128", ["2001:db8::1/128"], "2001:db8::2", false],
      ["IPv4 client against an IPv6-only list", ["2001:db8::/32"], "203.0.113.9", false],
      [
        "one matching entry among several",
        ["10.0.0.0/8", "2001:db8::/32", "203.0.113.9/32"],
        "203.0.113.9",
        true,
      ],
    ];

    it.each(cases)("%s", async (_label, ipAllowlist, ip, allowed) => {
      const restricted = await createApiToken({ organizationId, ipAllowlist });
      const response = await call({ token: restricted.token, ip });
      if (allowed) {
        expect(response.status).toBe(route.successStatus);
      } else {
        await expectError(response, 403, "forbidden", AUTH_MESSAGES.ipDenied);
        const rows = await logRowsFor(restricted.row.id);
        expect(rows.at(-1)).toMatchObject({ status: 403, errorCode: "forbidden" });
      }
    });

    it("an empty allowlist allows any client", async () => {
      expect((await call({ token, ip: "2001:db8::99" })).status).toBe(route.successStatus);
    });

    it("checks the token before the IP: a revoked token outside the allowlist is a 401", async () => {
      const revoked = await createApiToken({
        organizationId,
        ipAllowlist: ["203.0.113.0/24"],
        revokedAt: new Date(),
      });
      const response = await call({ token: revoked.token, ip: "192.0.2.1" });
      await expectError(response, 401, "unauthorized", AUTH_MESSAGES.invalid);
    });
  });

  describe("plan", () => {
    it.each<Plan>(["FREE", "STARTER"])("403 on the %s plan", async (plan) => {
      const organization = await createTestOrganization({ plan });
      const planToken = await createApiToken({ organizationId: organization.id });
      const response = await call({ token: planToken.token }, organization.id);
      await expectError(response, 403, "forbidden", AUTH_MESSAGES.planDenied);
      const rows = await logRowsFor(planToken.row.id);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ status: 403, organizationId: organization.id });
    });

    it.each<Plan>(["BUSINESS", "ENTERPRISE"])("allowed on the %s plan", async (plan) => {
      const organization = await createTestOrganization({ plan });
      const planToken = await createApiToken({ organizationId: organization.id });
      expect((await call({ token: planToken.token }, organization.id)).status).toBe(
        route.successStatus,
      );
    });

    it("checks the IP before the plan", async () => {
      const organization = await createTestOrganization({ plan: "FREE" });
      const restricted = await createApiToken({
        organizationId: organization.id,
        ipAllowlist: ["203.0.113.0/24"],
      });
      const response = await call({ token: restricted.token, ip: "192.0.2.1" }, organization.id);
      await expectError(response, 403, "forbidden", AUTH_MESSAGES.ipDenied);
    });

    it("a downgrade takes effect on the very next request", async () => {
      const organization = await createTestOrganization({ plan: "PRO" });
      const planToken = await createApiToken({ organizationId: organization.id });
      expect((await call({ token: planToken.token }, organization.id)).status).toBe(
        route.successStatus,
      );
      await db.organization.update({ where: { id: organization.id }, data: { plan: "STARTER" } });
      const response = await call({ token: planToken.token }, organization.id);
      await expectError(response, 403, "forbidden", AUTH_MESSAGES.planDenied);
    });
  });

  it("logs successes with the token's name, client IP and no token material", async () => {
    const named = await createApiToken({ organizationId, name: "CI deploy bot" });
    await call({ token: named.token, ip: "::ffff:192.0.2.44" });
    const rows = await logRowsFor(named.row.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      tokenName: "CI deploy bot",
      clientIp: "192.0.2.44",
      status: route.successStatus,
    });
    expect(
      JSON.stringify(rows[0], (_key, value) => (typeof value === "bigint" ? String(value) : value)),
    ).not.toContain(named.token.slice(3));
  });
});

describe("auth contract: another organization's resources", () => {
  it("GET and DELETE of another organization's domain are 404 and change nothing", async () => {
    const mine = await createTestOrganization({ plan: "PRO" });
    const theirs = await createTestOrganization({ plan: "PRO" });
    const { token } = await createApiToken({ organizationId: mine.id });
    const foreign = await createDomainRow(theirs.id);

    const get = await domainRoute.GET(
      apiRequest(`/api/v1/domains/${foreign.id}`, { token }),
      routeContext({ id: foreign.id }),
    );
    await expectError(get, 404, "not_found", "Domain not found");

    const del = await domainRoute.DELETE(
      apiRequest(`/api/v1/domains/${foreign.id}`, { token, method: "DELETE" }),
      routeContext({ id: foreign.id }),
    );
    await expectError(del, 404, "not_found", "Domain not found");
    expect(await db.domain.findUnique({ where: { id: foreign.id } })).not.toBeNull();
  });

  it("the list shows only the token's organization, and create adds to it", async () => {
    const mine = await createTestOrganization({ plan: "PRO" });
    const theirs = await createTestOrganization({ plan: "PRO" });
    const { token } = await createApiToken({ organizationId: mine.id });
    const own = await createDomainRow(mine.id);
    const foreign = await createDomainRow(theirs.id, own.name);

    const list = await domainsRoute.GET(apiRequest("/api/v1/domains", { token }));
    const body = (await list.json()) as { data: Array<{ id: string }> };
    expect(body.data.map((domain) => domain.id)).toEqual([own.id]);
    expect(body.data.map((domain) => domain.id)).not.toContain(foreign.id);

    // The same name in another organization is no conflict.
    const other = await createDomainRow(theirs.id);
    const created = await domainsRoute.POST(
      apiRequest("/api/v1/domains", { token, method: "POST", body: { name: other.name } }),
    );
    expect(created.status).toBe(201);
    expect(await db.domain.count({ where: { organizationId: mine.id, name: other.name } })).toBe(1);
  });
});

const PUBLIC_OPERATIONS = API_OPERATIONS.filter(isPublicOperation);

describe.each(
  PUBLIC_OPERATIONS.map((operation) => ({ operation, name: operationName(operation) })),
)("auth contract (public): $name", ({ operation }) => {
  const successStatus = successStatusOf(operation);

  async function call(variant: RequestVariant) {
    const organization = await createTestOrganization({ plan: "PRO" });
    const { params, body } = await successfulInput(operation, organization.id);
    // Each call from its own address: public operations are limited per client IP.
    const ip = `2001:db8:${Math.floor(Math.random() * 0xffff).toString(16)}::9`;
    return callOperation(operation, params, { ip, ...variant, body });
  }

  it("answers without a token", async () => {
    const response = await call({});
    expect(response.status).toBe(successStatus);
    expect(response.headers.get("www-authenticate")).toBeNull();
    expect(response.headers.get("x-request-id")).toBeTruthy();
  });

  it.each(MALFORMED_HEADERS)("ignores %s", async (_label, header) => {
    const { token } = await createApiToken({
      organizationId: (await createTestOrganization()).id,
    });
    const response = await call({ authorization: header(token) });
    expect(response.status).toBe(successStatus);
  });

  it("ignores a valid, a revoked and an unknown token alike, and logs none of them", async () => {
    const organization = await createTestOrganization({ plan: "PRO" });
    const valid = await createApiToken({ organizationId: organization.id });
    const revoked = await createApiToken({
      organizationId: organization.id,
      revokedAt: new Date(),
    });
    for (const token of [valid.token, revoked.token, `ms_${"A".repeat(43)}`]) {
      expect((await call({ token })).status).toBe(successStatus);
    }
    await flushRequestLogs();
    expect(await db.apiRequestLog.count({ where: { organizationId: organization.id } })).toBe(0);
  });
});
