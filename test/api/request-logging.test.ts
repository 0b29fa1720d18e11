import { afterEach, describe, expect, it, vi } from "vitest";
import * as domainRoute from "@/app/api/v1/domains/[id]/route";
import * as domainsRoute from "@/app/api/v1/domains/route";
import { db, dbPool } from "@/lib/db";
import { requestLogEntry } from "@/lib/services/logs/test-fixtures";
import { unattributedRequestCounts } from "@/lib/services/logs/unattributed";
import {
  flushRequestLogs,
  logApiRequest,
  pendingRequestLogCount,
} from "@/lib/services/logs/writer";
import {
  apiRequest,
  createApiTenant,
  createApiToken,
  readError,
  routeContext,
} from "@/test/api/helpers";
import { createTestOrganization } from "@/test/factories";

afterEach(() => {
  vi.restoreAllMocks();
});

function stringify(value: unknown): string {
  return JSON.stringify(value, (_key, inner) =>
    typeof inner === "bigint" ? String(inner) : inner,
  );
}

describe("request logging", () => {
  it("writes exactly one row per request under a few hundred concurrent requests", async () => {
    const tenant = await createApiTenant("PRO");
    const requests = 300;
    const responses = await Promise.all(
      Array.from({ length: requests }, (_, i) =>
        i % 3 === 0
          ? domainsRoute.POST(
              apiRequest("/api/v1/domains", {
                token: tenant.token,
                method: "POST",
                body: { name: `c${i}.example.com` },
              }),
            )
          : domainsRoute.GET(
              apiRequest(`/api/v1/domains?limit=${(i % 100) + 1}`, { token: tenant.token }),
            ),
      ),
    );
    expect(responses.every((response) => response.status === 200 || response.status === 201)).toBe(
      true,
    );
    await flushRequestLogs();
    expect(pendingRequestLogCount()).toBe(0);
    expect(await db.apiRequestLog.count({ where: { tokenId: tenant.tokenRow.id } })).toBe(requests);
  });

  it("records method, path with query, status, summaries and duration", async () => {
    const tenant = await createApiTenant("PRO");
    await domainsRoute.GET(
      apiRequest("/api/v1/domains?limit=5", {
        token: tenant.token,
        headers: { "user-agent": "acme-sync/1.2" },
      }),
    );
    const created = await domainsRoute.POST(
      apiRequest("/api/v1/domains", {
        token: tenant.token,
        method: "POST",
        body: { name: "logged.example.com" },
      }),
    );
    const {
      data: { id },
    } = (await created.json()) as { data: { id: string } };
    await domainRoute.GET(
      apiRequest(`/api/v1/domains/${id}`, { token: tenant.token }),
      routeContext({ id }),
    );
    await domainsRoute.POST(
      apiRequest("/api/v1/domains", { token: tenant.token, method: "POST", body: { name: "x" } }),
    );
    await flushRequestLogs();

    const rows = await db.apiRequestLog.findMany({
      where: { tokenId: tenant.tokenRow.id },
      orderBy: { id: "asc" },
    });
    expect(rows).toMatchObject([
      {
        method: "GET",
        path: "/api/v1/domains?limit=5",
        status: 200,
        userAgent: "acme-sync/1.2",
        requestSummary: "query limit=5",
        responseSummary: "0 items",
        errorCode: null,
        organizationId: tenant.organization.id,
        tokenName: tenant.tokenRow.name,
      },
      {
        method: "POST",
        status: 201,
        requestSummary: "29 bytes application/json",
        responseSummary: `created ${id}`,
      },
      { method: "GET", path: `/api/v1/domains/${id}`, status: 200, requestSummary: `id ${id}` },
      {
        method: "POST",
        status: 422,
        responseSummary: "validation_error",
        errorCode: "validation_error",
      },
    ]);
    for (const row of rows) expect(row.durationMs).toBeGreaterThanOrEqual(0);
  });

  it("never stores, audits or echoes the presented token", async () => {
    const tenant = await createApiTenant("PRO");
    const secret = tenant.token;
    const secretBody = secret.slice(3);
    const bodies: string[] = [];
    const collect = async (response: Response) => bodies.push(await response.text());

    // A token pasted where it does not belong: the query string, the user agent, the body.
    await collect(
      await domainsRoute.GET(
        apiRequest(`/api/v1/domains?token=${secret}`, {
          token: secret,
          headers: { "user-agent": `bot ${secret}` },
        }),
      ),
    );
    await collect(
      await domainsRoute.POST(
        apiRequest("/api/v1/domains", { token: secret, method: "POST", body: { name: secret } }),
      ),
    );
    await collect(
      await domainsRoute.POST(
        apiRequest("/api/v1/domains", {
          token: secret,
          method: "POST",
          body: { name: "audited.example.com" },
        }),
      ),
    );
    await collect(
      await domainsRoute.GET(apiRequest("/api/v1/domains", { authorization: `Basic ${secret}` })),
    );
    await collect(
      await domainsRoute.GET(apiRequest("/api/v1/domains", { authorization: `Bearer ${secret}x` })),
    );
    await flushRequestLogs();

    const logs = await db.apiRequestLog.findMany({
      where: { organizationId: tenant.organization.id },
    });
    const audits = await db.auditEvent.findMany({
      where: { organizationId: tenant.organization.id },
    });
    expect(logs.length).toBeGreaterThanOrEqual(3);
    expect(audits.length).toBe(1);
    expect(logs.map((log) => log.path)).toContain("/api/v1/domains?token=ms_[REDACTED]");
    for (const text of [stringify(logs), stringify(audits), ...bodies]) {
      expect(text).not.toContain(secretBody);
    }
    const stored = await db.apiToken.findUniqueOrThrow({ where: { id: tenant.tokenRow.id } });
    expect(stringify(stored)).not.toContain(secretBody);
  });

  it("counts requests without a usable token for operators, without storing anything", async () => {
    const before = unattributedRequestCounts();
    const organization = await createTestOrganization({ plan: "PRO" });
    await domainsRoute.GET(apiRequest("/api/v1/domains"));
    const unknown = await domainsRoute.GET(
      apiRequest("/api/v1/domains", { token: `ms_${"B".repeat(43)}` }),
    );
    expect((await readError(unknown)).code).toBe("unauthorized");
    const after = unattributedRequestCounts();
    expect(after.missing_or_malformed - before.missing_or_malformed).toBeGreaterThanOrEqual(1);
    expect(after.unknown_token - before.unknown_token).toBeGreaterThanOrEqual(1);
    await flushRequestLogs();
    expect(await db.apiRequestLog.count({ where: { organizationId: organization.id } })).toBe(0);
  });
});

describe("request-log writer", () => {
  it("retries a batch the database could not take instead of dropping it", async () => {
    const organization = await createTestOrganization({ plan: "PRO" });
    const { row } = await createApiToken({ organizationId: organization.id });
    // The first log insert fails the way pg fails when the server is down.
    const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), {
      code: "ECONNREFUSED",
    });
    const query = dbPool.query.bind(dbPool) as (config: unknown) => Promise<unknown>;
    let attempts = 0;
    vi.spyOn(dbPool, "query").mockImplementation(((config: { text?: string }) => {
      if (config?.text?.includes("INSERT INTO api_request_logs") && ++attempts === 1) {
        return Promise.reject(refused);
      }
      return query(config);
    }) as typeof dbPool.query);
    vi.spyOn(console, "error").mockImplementation(() => undefined);

    for (let i = 0; i < 10; i++)
      await logApiRequest(
        requestLogEntry({ organizationId: organization.id, tokenId: row.id }, `/retry/${i}`),
      );
    await flushRequestLogs();

    expect(attempts).toBeGreaterThanOrEqual(2);
    expect(await db.apiRequestLog.count({ where: { tokenId: row.id } })).toBe(10);
  });

  it("skips only the row the database rejects (its token is gone) and writes the rest", async () => {
    const organization = await createTestOrganization({ plan: "PRO" });
    const { row } = await createApiToken({ organizationId: organization.id });
    const errors = vi.spyOn(console, "error").mockImplementation(() => undefined);

    await logApiRequest(
      requestLogEntry({ organizationId: organization.id, tokenId: row.id }, "/ok/1"),
    );
    await logApiRequest(
      requestLogEntry(
        { organizationId: organization.id, tokenId: "00000000-0000-7000-8000-000000000000" },
        "/orphan",
      ),
    );
    await logApiRequest(
      requestLogEntry({ organizationId: organization.id, tokenId: row.id }, "/ok/2"),
    );
    await flushRequestLogs();

    const rows = await db.apiRequestLog.findMany({
      where: { tokenId: row.id },
      orderBy: { id: "asc" },
    });
    expect(rows.map((logRow) => logRow.path)).toEqual(["/ok/1", "/ok/2"]);
    expect(errors.mock.calls.flat().join(" ")).toContain("/orphan");
  });
});
