import pg from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { ServiceContext, TokenPrincipal, UserPrincipal } from "@/lib/auth/principal";
import { db } from "@/lib/db";
import type { Scope } from "@/lib/permissions";
import { getDomain, listDomains } from "@/lib/services/domains/domains";
import { streamRequestLogsCsv } from "@/lib/services/logs/csv";
import { getTokenInsights } from "@/lib/services/logs/insights";
import { listLogTokenOptions, listRequestLogs } from "@/lib/services/logs/query";
import { getTokenActivity } from "@/lib/services/logs/token-activity";
import { listNotifications } from "@/lib/services/notifications/list-notifications";
import { getToken, listTokenPage, listTokens } from "@/lib/services/tokens";
import { listExposureNotices } from "@/lib/services/tokens/exposure-notices";
import { createApiToken, createDomainRow } from "@/test/api/helpers";
import { expectAppError } from "@/test/expect-app-error";
import { createTestTenant } from "@/test/factories";
import { memberContext, tokenContext } from "@/test/principals";

// Every reading service authorizes its caller itself, on what the edge read of it (the
// principal's `seen`): a token without the scope, a member of another organization, a
// member whose role lacks the permission are refused inside the service, whichever page
// or route calls it. And the judgement costs no query: GET /api/v1/domains stays one
// statement after the bearer lookup.

let organizationId: string;
let domainId: string;
let otherTokenId: string;

beforeAll(async () => {
  const { organization } = await createTestTenant({ plan: "PRO" });
  organizationId = organization.id;
  domainId = (await createDomainRow(organizationId)).id;
  otherTokenId = (await createApiToken({ organizationId })).row.id;
});

afterEach(() => {
  vi.restoreAllMocks();
});

type Read = (context: ServiceContext) => Promise<unknown>;

/** Each read a token may make, with the scope it needs. */
const TOKEN_READS: Array<[string, Scope, Read]> = [
  ["listDomains", "domains:read", (context) => listDomains(context, { limit: 10 })],
  ["getDomain", "domains:read", (context) => getDomain(context, domainId)],
  ["listRequestLogs", "logs:read", (context) => listRequestLogs(context, { limit: 10 })],
  ["listLogTokenOptions", "logs:read", (context) => listLogTokenOptions(context)],
  ["streamRequestLogsCsv", "logs:read", (context) => streamRequestLogsCsv(context, { limit: 10 })],
  ["getTokenInsights", "logs:read", (context) => getTokenInsights(context)],
  ["getTokenActivity", "logs:read", (context) => getTokenActivity(context, otherTokenId)],
  ["listTokens", "tokens:read", (context) => listTokens(context)],
  ["listTokenPage", "tokens:read", (context) => listTokenPage(context, { limit: 10 })],
  ["getToken", "tokens:read", (context) => getToken(context, otherTokenId)],
];

/** The reads only a member makes: their own notifications and exposure notices. */
const MEMBER_READS: Array<[string, (context: ServiceContext<UserPrincipal>) => Promise<unknown>]> =
  [
    ["listNotifications", (context) => listNotifications(context)],
    ["listExposureNotices", (context) => listExposureNotices(context)],
  ];

async function tokenWith(scopes: readonly string[]): Promise<ServiceContext<TokenPrincipal>> {
  const { row } = await createApiToken({ organizationId, scopes });
  return tokenContext(row.id, "192.0.2.7");
}

describe("a token reading through a service", () => {
  it.each(TOKEN_READS)(
    "%s refuses a token without %s (insufficient_scope)",
    async (_, scope, read) => {
      const [resource] = scope.split(":");
      const elsewhere = ["domains:write", "logs:read", "tokens:write", "audit:read"].filter(
        (other) => !other.startsWith(`${resource}:`),
      );
      const error = await expectAppError(read(await tokenWith(elsewhere)), "insufficient_scope");
      expect(error.message).toContain(scope);
    },
  );

  it.each(TOKEN_READS)(
    "%s serves a token holding %s, or the write of its resource",
    async (_, scope, read) => {
      await expect(read(await tokenWith([scope]))).resolves.toBeDefined();
      const write = scope.replace(":read", ":write");
      if (write !== "logs:write")
        await expect(read(await tokenWith([write]))).resolves.toBeDefined();
    },
  );

  it.each(TOKEN_READS)(
    "%s refuses a token of another organization, whatever its scopes",
    async (_, __, read) => {
      const stranger = await createTestTenant({ plan: "PRO" });
      const { row } = await createApiToken({
        organizationId: stranger.organization.id,
        scopes: ["domains:write", "logs:read", "tokens:write"],
      });
      const { principal } = await tokenContext(row.id);
      await expectAppError(read({ principal, organizationId }), "forbidden");
    },
  );

  it("refuses a token the edge read as expired, revoked, past its grace period or paused by the plan", async () => {
    const { principal, organizationId: own } = await tokenWith(["domains:read"]);
    const seen = principal.seen!;
    const past = new Date(Date.now() - 60_000);
    for (const changed of [
      { expiresAt: past },
      { revokedAt: past },
      { rotationEndsAt: past },
      { plan: "FREE" as const },
    ]) {
      const stale = { ...principal, seen: { ...seen, ...changed } };
      await expectAppError(
        listDomains({ principal: stale, organizationId: own }, { limit: 1 }),
        "forbidden",
      );
    }
  });

  it("lets a token read itself without tokens:read (GET /api/v1/tokens/self), no other token", async () => {
    const context = await tokenWith(["domains:read"]);
    const self = await getToken(context, context.principal.tokenId);
    expect(self.id).toBe(context.principal.tokenId);
    await expectAppError(getToken(context, otherTokenId), "insufficient_scope");
  });
});

describe("a member reading through a service", () => {
  it.each([...TOKEN_READS.map(([name, , read]) => [name, read] as const), ...MEMBER_READS])(
    "%s refuses a member of another organization",
    async (_, read) => {
      const stranger = await createTestTenant({ plan: "PRO" });
      const { principal } = await memberContext(stranger.organization.id);
      await expectAppError((read as Read)({ principal, organizationId }), "forbidden");
    },
  );

  it.each([
    ...TOKEN_READS.map(([name, , read]) => [name, read] as const),
    ...MEMBER_READS.slice(0, 1),
  ])("%s serves every role, a viewer (Member) included", async (_, read) => {
    await expect(
      (read as Read)(await memberContext(organizationId, "MEMBER")),
    ).resolves.toBeDefined();
  });

  it("shows exposure notices to owners and admins, and refuses a Member (tokens:write)", async () => {
    await expect(
      listExposureNotices(await memberContext(organizationId, "ADMIN")),
    ).resolves.toMatchObject({
      total: 0,
    });
    await expectAppError(
      listExposureNotices(await memberContext(organizationId, "MEMBER")),
      "forbidden",
    );
  });
});

describe("the cost of authorizing a read", () => {
  /** Every statement sent to PostgreSQL, by the pool's queries and Prisma's alike. */
  function countStatements() {
    return vi.spyOn(pg.Client.prototype, "query");
  }

  it("GET /api/v1/domains' service sends one statement for a token the edge read: no round trip to authorize", async () => {
    const context = await tokenWith(["domains:read"]);
    const statements = countStatements();
    await listDomains(context, { limit: 10 });
    expect(statements).toHaveBeenCalledTimes(1);

    // The counter sees the authorization's read where there is one: the same principal
    // without what the edge read (as a job or a test might build it) costs more.
    const { seen: _, ...unread } = context.principal;
    statements.mockClear();
    await listDomains({ ...context, principal: unread }, { limit: 10 });
    expect(statements.mock.calls.length).toBeGreaterThan(1);
  });

  it("a page's read sends no statement to authorize the member the session read", async () => {
    const context = await memberContext(organizationId, "MEMBER");
    const statements = countStatements();
    await getDomain(context, domainId);
    expect(statements).toHaveBeenCalledTimes(1);
  });
});

afterAll(async () => {
  await db.$disconnect();
});
