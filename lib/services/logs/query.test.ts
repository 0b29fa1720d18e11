import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { requestLogPageQuery } from "@/lib/sql";
import {
  decodeLogCursor,
  parseRequestLogFilters,
  type RequestLogFilters,
  type SearchParamsInput,
} from "@/lib/validations/logs";
import {
  hostileDateParam,
  hostileLogCursor,
  hostileNumberParam,
} from "@/lib/validations/test-arbitraries";
import { seedRequestLogs } from "@/scripts/db/seed-logs";
import { createTestOrganization } from "@/test/factories";
import { memberContext } from "@/test/principals";
import { listLogTokenOptions, listRequestLogs } from "./query";
import { createLogTestToken, insertLogRows } from "./test-fixtures";

const now = new Date();
const minutesAgo = (minutes: number) => new Date(now.getTime() - minutes * 60_000);
const daysAgo = (days: number) => minutesAgo(days * 24 * 60);

describe("listRequestLogs filters", () => {
  let organizationId: string;
  let otherOrganizationId: string;
  let primaryTokenId: string;
  let secondaryTokenId: string;
  let otherTokenId: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    organizationId = (await createTestOrganization()).id;
    otherOrganizationId = (await createTestOrganization()).id;
    const primary = await createLogTestToken(organizationId, { name: "Primary" });
    const secondary = await createLogTestToken(organizationId, {
      name: "Secondary",
      revokedAt: daysAgo(1),
    });
    const other = await createLogTestToken(otherOrganizationId, { name: "Other org" });
    primaryTokenId = primary.id;
    secondaryTokenId = secondary.id;
    otherTokenId = other.id;

    const [oldDiscount] = await insertLogRows(primary, [
      {
        createdAt: daysAgo(40),
        method: "GET",
        path: "/api/v1/Domains?q=100%_off",
        status: 500,
        clientIp: "unknown",
      },
    ]);
    const [deleteDenied] = await insertLogRows(secondary, [
      {
        createdAt: daysAgo(10),
        method: "DELETE",
        path: "/api/v1/domains/abc",
        status: 403,
        clientIp: "198.51.100.9",
      },
    ]);
    const [notFound] = await insertLogRows(secondary, [
      { createdAt: daysAgo(3), path: "/api/v1/domains/abc", status: 404, clientIp: "2001:db8::5" },
    ]);
    const [created, unauthorized, listed] = await insertLogRows(primary, [
      { createdAt: minutesAgo(120), method: "POST", status: 201, clientIp: "203.0.113.77" },
      { createdAt: minutesAgo(20), method: "PATCH", status: 401, clientIp: "203.0.113.10" },
      { createdAt: minutesAgo(10), method: "GET", status: 200, clientIp: "203.0.113.10" },
    ]);
    Object.assign(ids, { oldDiscount, deleteDenied, notFound, created, unauthorized, listed });

    // The other organization has rows matching every filter: none may ever show up.
    await insertLogRows(other, [
      { createdAt: minutesAgo(5), status: 403, clientIp: "203.0.113.10" },
      { createdAt: minutesAgo(6), method: "DELETE", path: "/api/v1/domains/abc", status: 500 },
    ]);
  });

  async function idsFor(params: SearchParamsInput): Promise<(string | undefined)[]> {
    const { filters, notices } = parseRequestLogFilters(params);
    expect(notices).toEqual([]);
    const page = await listRequestLogs(await memberContext(organizationId), filters, now);
    const byId = Object.fromEntries(Object.entries(ids).map(([name, id]) => [id, name]));
    return page.rows.map((row) => byId[row.id]);
  }

  it("lists the organization's rows newest first with token details", async () => {
    expect(await idsFor({})).toEqual([
      "listed",
      "unauthorized",
      "created",
      "notFound",
      "deleteDenied",
      "oldDiscount",
    ]);
    const page = await listRequestLogs(await memberContext(organizationId), { limit: 10 }, now);
    const denied = page.rows.find((row) => row.id === ids.deleteDenied);
    expect(denied).toMatchObject({
      tokenId: secondaryTokenId,
      tokenName: "Secondary",
      currentTokenName: "Secondary",
      tokenRevoked: true,
      method: "DELETE",
      path: "/api/v1/domains/abc",
      status: 403,
      clientIp: "198.51.100.9",
      userAgent: "vitest",
      durationMs: 12,
    });
    expect(page.nextCursor).toBeNull();
  });

  it("filters by token", async () => {
    expect(await idsFor({ token: secondaryTokenId })).toEqual(["notFound", "deleteDenied"]);
    expect(await idsFor({ token: primaryTokenId })).toHaveLength(4);
  });

  it("never returns another organization's rows, even for its token id", async () => {
    expect(await idsFor({ token: otherTokenId })).toEqual([]);
    const page = await listRequestLogs(await memberContext(organizationId), { limit: 100 }, now);
    expect(page.rows.every((row) => row.tokenId !== otherTokenId)).toBe(true);
    const theirs = await listRequestLogs(
      await memberContext(otherOrganizationId),
      { limit: 100 },
      now,
    );
    expect(theirs.rows).toHaveLength(2);
  });

  it("filters by status class and exact codes", async () => {
    expect(await idsFor({ status: "2xx" })).toEqual(["listed", "created"]);
    expect(await idsFor({ status: "4xx" })).toEqual(["unauthorized", "notFound", "deleteDenied"]);
    expect(await idsFor({ status: "5xx" })).toEqual(["oldDiscount"]);
    expect(await idsFor({ code: "401,403" })).toEqual(["unauthorized", "deleteDenied"]);
    expect(await idsFor({ status: "404" })).toEqual(["notFound"]);
  });

  it("filters by method", async () => {
    expect(await idsFor({ method: "delete" })).toEqual(["deleteDenied"]);
    expect(await idsFor({ method: "PATCH" })).toEqual(["unauthorized"]);
  });

  it("filters by a single IP, an IPv4 range and an IPv6 range; unknown IPs never match", async () => {
    expect(await idsFor({ ip: "203.0.113.10" })).toEqual(["listed", "unauthorized"]);
    expect(await idsFor({ ip: "::ffff:203.0.113.10" })).toEqual(["listed", "unauthorized"]);
    expect(await idsFor({ ip: "203.0.113.0/24" })).toEqual(["listed", "unauthorized", "created"]);
    expect(await idsFor({ ip: "2001:db8::/32" })).toEqual(["notFound"]);
    expect(await idsFor({ ip: "2001:DB8:0::5" })).toEqual(["notFound"]);
    expect(await idsFor({ ip: "0.0.0.0/0" })).toHaveLength(4);
  });

  it("filters by path substring, case-insensitively, with % and _ taken literally", async () => {
    expect(await idsFor({ path: "domains/abc" })).toEqual(["notFound", "deleteDenied"]);
    expect(await idsFor({ path: "DOMAINS" })).toHaveLength(6);
    expect(await idsFor({ path: "100%_off" })).toEqual(["oldDiscount"]);
    expect(await idsFor({ path: "%" })).toEqual(["oldDiscount"]);
    expect(await idsFor({ path: "domains_abc" })).toEqual([]);
  });

  it("filters by preset time ranges and explicit from/to", async () => {
    expect(await idsFor({ range: "1h" })).toEqual(["listed", "unauthorized"]);
    expect(await idsFor({ range: "24h" })).toEqual(["listed", "unauthorized", "created"]);
    expect(await idsFor({ range: "7d" })).toEqual([
      "listed",
      "unauthorized",
      "created",
      "notFound",
    ]);
    expect(await idsFor({ range: "30d" })).toHaveLength(5);
    expect(await idsFor({ from: daysAgo(11).toISOString(), to: daysAgo(2).toISOString() })).toEqual(
      ["notFound", "deleteDenied"],
    );
    expect(await idsFor({ to: daysAgo(30).toISOString() })).toEqual(["oldDiscount"]);
  });

  it("combines filters", async () => {
    expect(
      await idsFor({ token: primaryTokenId, status: "4xx", ip: "203.0.113.0/24", range: "24h" }),
    ).toEqual(["unauthorized"]);
  });

  it("offers every token of the organization, revoked ones last and marked", async () => {
    expect(await listLogTokenOptions(await memberContext(organizationId))).toEqual([
      { id: primaryTokenId, name: "Primary", lastFour: expect.any(String), state: null },
      { id: secondaryTokenId, name: "Secondary", lastFour: expect.any(String), state: "revoked" },
    ]);
  });
});

describe("listRequestLogs by request id", () => {
  it("finds the one request a customer quotes, by exact id and in their organization only", async () => {
    const organizationId = (await createTestOrganization()).id;
    const token = await createLogTestToken(organizationId);
    const theirs = await createLogTestToken((await createTestOrganization()).id);
    const requestId = "8f14e45f-ceea-467f-a0e6-4b1a5e3c2d10";
    const [quoted] = await insertLogRows(token, [
      {
        createdAt: minutesAgo(30),
        requestId,
        status: 403,
        refusalReason: "ip_not_allowed",
        afterRotation: true,
      },
      { createdAt: minutesAgo(20), requestId: `${requestId}-retry` },
      { createdAt: minutesAgo(10), requestId: requestId.toUpperCase() },
    ]);
    await insertLogRows(theirs, [{ createdAt: minutesAgo(5), requestId }]);

    const { filters, notices } = parseRequestLogFilters({ request_id: ` ${requestId} ` });
    expect(notices).toEqual([]);
    const page = await listRequestLogs(await memberContext(organizationId), filters, now);
    expect(page.rows.map((row) => row.id)).toEqual([quoted]);
    expect(page.rows[0]).toMatchObject({
      requestId,
      refusalReason: "ip_not_allowed",
      afterRotation: true,
    });
  });
});

describe("listRequestLogs keyset cursor", () => {
  it("pages without duplicates or gaps while new rows keep arriving", async () => {
    const organizationId = (await createTestOrganization()).id;
    const token = await createLogTestToken(organizationId);
    // 23 rows, several sharing a timestamp, so ties are broken by id.
    const original = await insertLogRows(
      token,
      Array.from({ length: 23 }, (_, index) => ({
        createdAt: minutesAgo(60 - Math.floor(index / 3)),
      })),
    );
    const expected = [...original].reverse();

    const seen: string[] = [];
    let filters: RequestLogFilters = { limit: 5 };
    for (let pageNumber = 0; pageNumber < 10; pageNumber += 1) {
      const page = await listRequestLogs(await memberContext(organizationId), filters);
      seen.push(...page.rows.map((row) => row.id));
      // Traffic continues between page loads: newer rows must not shift later pages.
      await insertLogRows(token, [{ createdAt: new Date() }, { createdAt: new Date() }]);
      if (!page.nextCursor) break;
      filters = { limit: 5, cursor: decodeLogCursor(page.nextCursor) ?? undefined };
    }
    expect(seen).toEqual(expected);
  });

  it("returns no cursor on an exactly full last page", async () => {
    const organizationId = (await createTestOrganization()).id;
    const token = await createLogTestToken(organizationId);
    await insertLogRows(
      token,
      Array.from({ length: 4 }, (_, index) => ({ createdAt: minutesAgo(10 - index) })),
    );
    const first = await listRequestLogs(await memberContext(organizationId), { limit: 2 });
    expect(first.nextCursor).not.toBeNull();
    const second = await listRequestLogs(await memberContext(organizationId), {
      limit: 2,
      cursor: decodeLogCursor(first.nextCursor!) ?? undefined,
    });
    expect(second.rows).toHaveLength(2);
    expect(second.nextCursor).toBeNull();
  });
});

describe("listRequestLogs with hostile URL parameters", () => {
  it("answers every parsed query with a page, never a database error (property)", async () => {
    const organizationId = (await createTestOrganization()).id;
    const token = await createLogTestToken(organizationId);
    await insertLogRows(token, [{ createdAt: minutesAgo(5) }, { createdAt: minutesAgo(4) }]);

    const params = fc.record(
      {
        cursor: hostileLogCursor,
        from: hostileDateParam,
        to: hostileDateParam,
        limit: hostileNumberParam,
        code: hostileNumberParam,
        status: hostileNumberParam,
        token: fc.oneof(fc.uuid(), fc.string()),
        ip: fc.oneof(fc.ipV4(), fc.ipV6(), fc.string()),
        path: fc.string(),
      },
      { requiredKeys: [] },
    );
    const reader = await memberContext(organizationId);
    await fc.assert(
      fc.asyncProperty(params, async (query) => {
        const { filters } = parseRequestLogFilters(query);
        const page = await listRequestLogs(reader, filters, now);
        expect(page.rows.length).toBeLessThanOrEqual(filters.limit);
      }),
      { numRuns: 200 },
    );
  });
});

type PlanNode = {
  "Node Type": string;
  "Relation Name"?: string;
  "Index Name"?: string;
  Plans?: PlanNode[];
};

function planNodes(node: PlanNode): PlanNode[] {
  return [node, ...(node.Plans ?? []).flatMap(planNodes)];
}

describe("request-log query plans", () => {
  let organizationId: string;
  let tokenId: string;

  beforeAll(async () => {
    organizationId = (await createTestOrganization()).id;
    const seeded = await seedRequestLogs(organizationId, 20_000, { days: 90 });
    tokenId = seeded.tokenIds[0]!;
  }, 120_000);

  async function explain(filters: RequestLogFilters): Promise<PlanNode[]> {
    const [row] = await db.$queryRaw<{ "QUERY PLAN": [{ Plan: PlanNode }] }[]>(
      Prisma.sql`EXPLAIN (FORMAT JSON) ${requestLogPageQuery(organizationId, filters)}`,
    );
    return planNodes(row!["QUERY PLAN"][0].Plan);
  }

  function logTableScans(nodes: PlanNode[]): PlanNode[] {
    return nodes.filter((node) => node["Relation Name"] === "api_request_logs");
  }

  const LOG_INDEXES = /^api_request_logs_(organization_id|token_id)_created_at_id_idx$/;

  /**
   * Every access to api_request_logs goes through one of its keyset indexes: an index
   * scan, or (for a small, selective range) a bitmap heap scan fed by one. Never a
   * sequential scan of the table.
   */
  function expectIndexOnly(nodes: PlanNode[]): void {
    const scans = logTableScans(nodes);
    expect(scans.length).toBeGreaterThan(0);
    for (const scan of scans) {
      expect(["Index Scan", "Index Only Scan", "Bitmap Heap Scan"]).toContain(scan["Node Type"]);
      const indexNames =
        scan["Node Type"] === "Bitmap Heap Scan"
          ? planNodes(scan)
              .filter((node) => node["Node Type"] === "Bitmap Index Scan")
              .map((node) => node["Index Name"])
          : [scan["Index Name"]];
      expect(indexNames.length).toBeGreaterThan(0);
      for (const name of indexNames) expect(name).toMatch(LOG_INDEXES);
    }
  }

  it("reads the first page from the organization index", async () => {
    const nodes = await explain({ limit: 50 });
    expectIndexOnly(nodes);
    expect(logTableScans(nodes)[0]?.["Index Name"]).toBe(
      "api_request_logs_organization_id_created_at_id_idx",
    );
  });

  it("reads one token's last 7 days from an index", async () => {
    expectIndexOnly(await explain({ limit: 50, tokenId, range: "7d" }));
  });

  it("finds a request id through the (organization, request id) index", async () => {
    const nodes = await explain({ limit: 50, requestId: "8f14e45f-ceea-467f-a0e6-4b1a5e3c2d10" });
    const indexes = planNodes({ "Node Type": "root", Plans: logTableScans(nodes) }).map(
      (node) => node["Index Name"],
    );
    expect(indexes).toContain("api_request_logs_organization_id_request_id_idx");
  });

  it("starts a deep page at the cursor in the index", async () => {
    const [deep] = await db.$queryRaw<{ createdAt: Date; id: bigint }[]>(Prisma.sql`
      SELECT created_at AS "createdAt", id FROM api_request_logs
      WHERE organization_id = ${organizationId}::uuid
      ORDER BY created_at ASC, id ASC LIMIT 1 OFFSET 100`);
    const nodes = await explain({ limit: 50, cursor: deep! });
    expectIndexOnly(nodes);
    const page = await listRequestLogs(await memberContext(organizationId), {
      limit: 50,
      cursor: deep!,
    });
    expect(page.rows).toHaveLength(50);
    expect(page.rows[0]!.createdAt.getTime()).toBeLessThanOrEqual(deep!.createdAt.getTime());
  });
});
