import { randomInt } from "node:crypto";
import { afterEach, describe, expect, it, onTestFinished, vi } from "vitest";
import * as catchAllRoute from "@/app/api/v1/[[...path]]/route";
import * as domainRoute from "@/app/api/v1/domains/[id]/route";
import * as domainsRoute from "@/app/api/v1/domains/route";
import { AUTH_MESSAGES } from "@/lib/auth/api-auth-messages";
import { clock } from "@/lib/clock";
import { db, dbPool } from "@/lib/db";
import { apiRateLimiters } from "@/lib/rate-limit/api-limits";
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
  testOperationHandler,
} from "@/test/api/helpers";
import { captureLogs } from "@/test/capture-logs";
import { holdClockAtMinuteStart } from "@/test/clock";
import { createTestOrganization } from "@/test/factories";

afterEach(() => {
  vi.restoreAllMocks();
});

function uniqueIp(): string {
  return `2001:db8:${randomInt(1, 0xffff).toString(16)}:${randomInt(1, 0xffff).toString(16)}::7`;
}

/** The log rows of `response` in `organizationId`, found by the response's request id. */
async function rowsOf(response: Response, organizationId: string) {
  await flushRequestLogs();
  const requestId = response.headers.get("x-request-id");
  expect(requestId).toBeTruthy();
  return db.apiRequestLog.findMany({ where: { organizationId, requestId: requestId! } });
}

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
    const refused = responses.map((response) => response.status).filter((status) => status >= 300);
    expect(refused).toEqual([]);
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
        responseSummary: "0 domains",
        errorCode: null,
        organizationId: tenant.organization.id,
        tokenName: tenant.tokenRow.name,
      },
      {
        method: "POST",
        status: 201,
        requestSummary: "29 bytes application/json",
        responseSummary: "created logged.example.com",
      },
      {
        method: "GET",
        path: `/api/v1/domains/${id}`,
        status: 200,
        requestSummary: `id ${id}`,
        responseSummary: "logged.example.com",
      },
      {
        method: "POST",
        status: 422,
        responseSummary: "validation_error",
        errorCode: "validation_error",
      },
    ]);
    for (const row of rows) expect(row.durationMs).toBeGreaterThanOrEqual(0);
  });

  it("summarizes a page of domains in words: one domain, and whether more follow", async () => {
    const tenant = await createApiTenant("PRO");
    for (const name of ["one.example.com", "two.example.com"]) {
      await domainsRoute.POST(
        apiRequest("/api/v1/domains", { token: tenant.token, method: "POST", body: { name } }),
      );
    }
    for (const limit of [1, 2]) {
      await domainsRoute.GET(apiRequest(`/api/v1/domains?limit=${limit}`, { token: tenant.token }));
    }
    await flushRequestLogs();

    const rows = await db.apiRequestLog.findMany({
      where: { tokenId: tenant.tokenRow.id, method: "GET" },
      orderBy: { id: "asc" },
    });
    expect(rows.map((row) => row.responseSummary)).toEqual([
      "1 domain, more on the next page",
      "2 domains",
    ]);
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

describe("refusal reasons", () => {
  it("records why each refused request was refused, while the answers stay the documented ones", async () => {
    holdClockAtMinuteStart();
    const { organization, token, tokenRow } = await createApiTenant("PRO");
    const orgId = organization.id;
    const revoked = await createApiToken({ organizationId: orgId, revokedAt: clock.now() });
    const expired = await createApiToken({
      organizationId: orgId,
      expiresAt: new Date(clock.ms() - 60_000),
    });
    const restricted = await createApiToken({
      organizationId: orgId,
      ipAllowlist: ["192.0.2.0/24"],
    });
    const free = await createApiTenant("FREE");
    const limited = await createApiToken({ organizationId: orgId });
    // The token's plan allowance is used up (counted in memory, as the API counts it).
    for (let i = 0; i < 600; i += 1) apiRateLimiters().tokens.consume(limited.row.id, 600);

    const cases: Array<[string, number, string, string, string]> = [
      [revoked.token, 401, AUTH_MESSAGES.invalid, "token_revoked", orgId],
      [expired.token, 401, AUTH_MESSAGES.invalid, "token_expired", orgId],
      [restricted.token, 403, AUTH_MESSAGES.ipDenied, "ip_not_allowed", orgId],
      [free.token, 403, AUTH_MESSAGES.planDenied, "plan_without_api_access", free.organization.id],
      [limited.token, 429, "", "rate_limited", orgId],
    ];
    for (const [presented, status, message, reason, organizationId] of cases) {
      const response = await domainsRoute.GET(
        apiRequest("/api/v1/domains", { token: presented, ip: uniqueIp() }),
      );
      expect(response.status).toBe(status);
      const error = await readError(response);
      if (message) expect(error.message).toBe(message);
      const rows = await rowsOf(response, organizationId);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ status, errorCode: error.code, refusalReason: reason });
    }

    // Served requests carry no reason, errors of the handler or route included.
    for (const response of [
      await domainsRoute.GET(apiRequest("/api/v1/domains", { token })),
      await domainsRoute.GET(apiRequest("/api/v1/domains?limit=0", { token })),
      await catchAllRoute.GET(apiRequest("/api/v1/nothing", { token })),
    ]) {
      expect((await rowsOf(response, orgId))[0]).toMatchObject({
        tokenId: tokenRow.id,
        refusalReason: null,
      });
    }
  });
  // failed_auth_limit: test/security/rate-limits.test.ts, where the limit has its production
  // value ("a valid token keeps working from a blocked IP; …").
});

describe("request ids", () => {
  it("each row carries the X-Request-Id of its response: served, refused, 404 and 405", async () => {
    const { organization, token } = await createApiTenant("PRO");
    const revoked = await createApiToken({
      organizationId: organization.id,
      revokedAt: clock.now(),
    });
    const responses = [
      await domainsRoute.GET(apiRequest("/api/v1/domains", { token })),
      await domainsRoute.GET(
        apiRequest("/api/v1/domains", { token, headers: { "x-request-id": "client-corr.42" } }),
      ),
      await domainsRoute.GET(apiRequest("/api/v1/domains", { token: revoked.token })),
      await catchAllRoute.POST(apiRequest("/api/v1/nothing", { token, method: "POST" })),
      await domainsRoute.DELETE(apiRequest("/api/v1/domains", { token, method: "DELETE" })),
    ];
    expect(responses.map((response) => response.status)).toEqual([200, 200, 401, 404, 405]);
    expect(responses[1]!.headers.get("x-request-id")).toBe("client-corr.42");
    for (const response of responses) {
      const rows = await rowsOf(response, organization.id);
      expect(rows).toHaveLength(1);
      expect(rows[0]!.status).toBe(response.status);
    }
  });

  it("a token-shaped incoming request id is replaced, so it is never stored", async () => {
    const { organization, token } = await createApiTenant("PRO");
    const response = await domainsRoute.GET(
      apiRequest("/api/v1/domains", { token, headers: { "x-request-id": token } }),
    );
    const requestId = response.headers.get("x-request-id");
    expect(requestId).not.toBe(token);
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(await rowsOf(response, organization.id)).toHaveLength(1);
  });

  it("a request id holding a piece of a token (a slice, or the secret split once) is replaced", async () => {
    const { organization, token } = await createApiTenant("PRO");
    const secret = token.slice(3);
    for (const piece of [
      secret.slice(0, 40),
      secret.slice(1),
      `${secret.slice(0, 21)}.${secret.slice(21)}`,
      `${secret.slice(0, 21)}:${secret.slice(21)}`,
    ]) {
      const response = await domainsRoute.GET(
        apiRequest("/api/v1/domains", { token, headers: { "x-request-id": piece } }),
      );
      const requestId = response.headers.get("x-request-id");
      expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
      expect(await rowsOf(response, organization.id)).toHaveLength(1);
    }
  });
});

describe("stored text", () => {
  it("escapes control characters in the user agent, a path id and every summary", async () => {
    const { token, tokenRow } = await createApiTenant("PRO");
    const userAgent = "bot\u001b[2J\u007f\u0008 1.0";
    await domainRoute.GET(
      apiRequest("/api/v1/domains/x", { token, headers: { "user-agent": userAgent } }),
      routeContext({ id: "fake\r\n200 OK\u2028x" }),
    );
    await domainsRoute.POST(
      apiRequest("/api/v1/domains", {
        token,
        method: "POST",
        body: "{}",
        headers: { "content-type": "text/plain\u001b[31m" },
      }),
    );
    const summarizing = testOperationHandler(async ({ json, summarize }) => {
      summarize({ request: "line one\r\nline two", response: `echo ${token}\tend` });
      return json({ ok: true });
    });
    await summarizing(apiRequest("/api/v1/domains", { token }));
    await flushRequestLogs();

    const rows = await db.apiRequestLog.findMany({
      where: { tokenId: tokenRow.id },
      orderBy: { id: "asc" },
    });
    expect(rows).toMatchObject([
      {
        userAgent: "bot\\u001b[2J\\u007f\\u0008 1.0",
        requestSummary: "id fake\\r\\n200 OK\\u2028x",
      },
      { requestSummary: "2 bytes text/plain\\u001b[31m" },
      { requestSummary: "line one\\r\\nline two", responseSummary: "echo ms_[REDACTED]\\tend" },
    ]);
  });
});

describe("pieces of a token in stored text", () => {
  it("masks a slice of the secret, or the secret split once, in the path, user agent and summary", async () => {
    const { organization, token } = await createApiTenant("PRO");
    const secret = token.slice(3);
    const slice = secret.slice(2);
    const split = `${secret.slice(0, 21)}.${secret.slice(21)}`;
    const response = await domainsRoute.GET(
      apiRequest(`/api/v1/domains?key=${split}&part=${slice}`, {
        token,
        headers: { "user-agent": `sdk/2.0 (${split}) ${secret.slice(0, 40)}` },
      }),
    );
    const [row] = await rowsOf(response, organization.id);
    const stored = JSON.stringify([row?.path, row?.userAgent, row?.requestSummary]);
    expect(row?.userAgent).toBe("sdk/2.0 ([REDACTED].[REDACTED]) [REDACTED]");
    for (let i = 0; i + 12 <= secret.length; i++) {
      expect(stored).not.toContain(secret.slice(i, i + 12));
    }
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
    const logs = captureLogs();
    onTestFinished(() => logs.restore());

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
    const logs = captureLogs();
    onTestFinished(() => logs.restore());

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
    expect(logs.lines()).toContainEqual(
      expect.objectContaining({
        msg: "request-log entry rejected by the database",
        entry: expect.objectContaining({ path: "/orphan" }),
      }),
    );
  });
});
