import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import * as unknownRoute from "@/app/api/v1/[[...path]]/route";
import * as domainRoute from "@/app/api/v1/domains/[id]/route";
import * as domainsRoute from "@/app/api/v1/domains/route";
import { hashApiToken } from "@/lib/auth/token";
import { db, dbPool } from "@/lib/db";
import { flushRequestLogs } from "@/lib/services/logs/writer";
import { createToken, getToken, listTokens, revokeToken } from "@/lib/services/tokens";
import { apiRequest, routeContext } from "@/test/api/helpers";
import { type CapturedLogs, captureLogs } from "@/test/capture-logs";
import { createTestTenant } from "@/test/factories";
import { memberContext } from "@/test/principals";

// The plaintext token exists in exactly one place: the creator's screen, once. These tests
// create a token through the real service, use it (successfully and in every wrong way a
// client might), then search everything the system keeps or says for it: every text column
// of every table, everything written to the server log and the console, every response
// body and header.
// The token's SHA-256 must not leave the server either.

let plaintext: string;
let tokenHash: string;
let tokenId: string;
let organizationId: string;
const consoleOutput: string[] = [];
let serverLog: CapturedLogs;

function captureConsole() {
  for (const method of ["log", "info", "warn", "error", "debug"] as const) {
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      consoleOutput.push(
        args
          .map((arg) =>
            arg instanceof Error ? arg.stack : typeof arg === "string" ? arg : JSON.stringify(arg),
          )
          .join(" "),
      );
    });
  }
}

afterEach(() => {
  vi.restoreAllMocks();
});

afterAll(() => serverLog.restore());

/**
 * What must not appear: the secret part of the token, and its first and last 16 characters
 * on their own (96 bits each), which survive when a client encodes or splits the token.
 */
function secretFragments(): string[] {
  const secret = plaintext.slice(3);
  return [secret, secret.slice(0, 16), secret.slice(-16)];
}

const responses: string[] = [];
async function record(response: Response): Promise<Response> {
  const text = await response.clone().text();
  responses.push(`${response.status} ${JSON.stringify([...response.headers])} ${text}`);
  return response;
}

beforeAll(async () => {
  captureConsole();
  serverLog = captureLogs();
  const { organization, user } = await createTestTenant({ plan: "BUSINESS" });
  organizationId = organization.id;
  const created = await createToken(
    { principal: { kind: "user" as const, userId: user.id, ip: "192.0.2.1" }, organizationId },
    { name: "Secret keeper", description: "", ipAllowlist: [], expiresOn: null },
  );
  plaintext = created.token;
  tokenHash = hashApiToken(plaintext);
  tokenId = created.summary.id;

  const ip = "198.51.100.31";
  // Correct use.
  await record(await domainsRoute.GET(apiRequest("/api/v1/domains", { token: plaintext, ip })));
  const post = await record(
    await domainsRoute.POST(
      apiRequest("/api/v1/domains", {
        method: "POST",
        token: plaintext,
        ip,
        body: { name: "secret-test.example" },
      }),
    ),
  );
  const { id } = ((await post.json()) as { data: { id: string } }).data;
  await record(
    await domainRoute.GET(
      apiRequest(`/api/v1/domains/${id}`, { token: plaintext, ip }),
      routeContext({ id }),
    ),
  );
  // Misuse: the token in the query string, the user agent, the path, a JSON body, a
  // malformed header and an unknown route.
  await record(
    await domainsRoute.GET(
      apiRequest(`/api/v1/domains?api_key=${plaintext}&cursor=${plaintext}`, {
        token: plaintext,
        ip,
        headers: { "user-agent": `bot ${plaintext}` },
      }),
    ),
  );
  await record(
    await domainsRoute.POST(
      apiRequest("/api/v1/domains", {
        method: "POST",
        token: plaintext,
        ip,
        body: { name: plaintext },
      }),
    ),
  );
  await record(
    await domainsRoute.POST(
      apiRequest("/api/v1/domains", {
        method: "POST",
        token: plaintext,
        ip,
        body: `{"name": "${plaintext}`,
      }),
    ),
  );
  await record(
    await domainRoute.GET(
      apiRequest(`/api/v1/domains/${plaintext}`, { token: plaintext, ip }),
      routeContext({ id: plaintext }),
    ),
  );
  await record(
    await domainsRoute.GET(
      apiRequest("/api/v1/domains", { authorization: `Basic ${plaintext}`, ip }),
    ),
  );
  await record(
    await domainsRoute.GET(
      apiRequest("/api/v1/domains", { authorization: `Bearer ${plaintext}x`, ip }),
    ),
  );
  await record(
    await unknownRoute.GET(apiRequest(`/api/v1/${plaintext}`, { token: plaintext, ip })),
  );
  // In every header the log summarizes or keeps (Content-Type, User-Agent, X-Request-Id),
  // and disguised: without its prefix, percent-encoded, glued to other text.
  for (const contentType of [plaintext, `application/json; charset=${plaintext}`]) {
    const request = apiRequest("/api/v1/domains", {
      method: "POST",
      token: plaintext,
      ip,
      body: { name: "content-type.example" },
      headers: { "content-type": contentType },
    });
    await record(await domainsRoute.POST(request));
  }
  await record(
    await domainsRoute.GET(
      apiRequest("/api/v1/domains", {
        token: plaintext,
        ip,
        headers: { "x-request-id": plaintext, "user-agent": `x${plaintext.slice(3)}y` },
      }),
    ),
  );
  const encoded = `ms%5F${plaintext.slice(3, 20)}%${plaintext.charCodeAt(20).toString(16)}${plaintext.slice(21)}`;
  await record(
    await domainsRoute.GET(
      apiRequest(`/api/v1/domains?key=${plaintext.slice(3)}&k2=${encoded}`, {
        token: plaintext,
        ip,
      }),
    ),
  );
  await record(
    await unknownRoute.DELETE(
      apiRequest(`/api/v1/${encoded}`, { token: plaintext, ip, method: "DELETE" }),
    ),
  );
  // Pieces of the secret are secrets: a 40-42 character slice, or the whole secret split
  // once by a dot or a dash, as the request id, the user agent and in the query.
  const secret = plaintext.slice(3);
  for (const piece of [
    secret.slice(0, 42),
    secret.slice(3),
    `${secret.slice(0, 21)}.${secret.slice(21)}`,
    `${secret.slice(0, 20)}-${secret.slice(20)}`,
  ]) {
    await record(
      await domainsRoute.GET(
        apiRequest(`/api/v1/domains?q=${piece}`, {
          token: plaintext,
          ip,
          headers: { "x-request-id": piece, "user-agent": `sdk/1.0 ${piece}` },
        }),
      ),
    );
  }
  // Revoked: the failure is logged too.
  await revokeToken(
    { principal: { kind: "user" as const, userId: user.id, ip: "192.0.2.1" }, organizationId },
    { tokenId },
  );
  await record(await domainsRoute.GET(apiRequest("/api/v1/domains", { token: plaintext, ip })));
  await flushRequestLogs();
  vi.restoreAllMocks();
});

describe("the plaintext token is stored and shown nowhere", () => {
  it("appears in no text column of any table (logs, audit events and tokens included)", async () => {
    const columns = await dbPool.query<{ table_name: string; column_name: string }>(
      `SELECT table_name, column_name FROM information_schema.columns
       WHERE table_schema = 'public'
         AND data_type IN ('text', 'character varying', 'character', 'json', 'jsonb', 'ARRAY')`,
    );
    expect(columns.rows.length).toBeGreaterThan(10);
    const hits: string[] = [];
    for (const { table_name, column_name } of columns.rows) {
      const result = await dbPool.query(
        `SELECT count(*)::int AS n FROM "${table_name}"
          WHERE EXISTS (SELECT 1 FROM unnest($1::text[]) AS f WHERE strpos("${column_name}"::text, f) > 0)`,
        [secretFragments()],
      );
      if (result.rows[0].n > 0) hits.push(`${table_name}.${column_name}`);
    }
    expect(hits).toEqual([]);
    // The test really exercised the log and audit tables it searched.
    await expect(db.apiRequestLog.count({ where: { tokenId } })).resolves.toBeGreaterThanOrEqual(
      13,
    );
    await expect(
      db.auditEvent.count({ where: { organizationId } }),
    ).resolves.toBeGreaterThanOrEqual(2);
  });

  it("appears in no log line or console output of the server code", () => {
    const written = `${serverLog.text()}\n${consoleOutput.join("\n")}`;
    for (const fragment of secretFragments()) expect(written).not.toContain(fragment);
  });

  it("appears in no response body or header, whatever the client did wrong", () => {
    expect(responses.length).toBe(20);
    for (const response of responses)
      for (const fragment of secretFragments()) expect(response).not.toContain(fragment);
  });
});

describe("the token hash never leaves the server", () => {
  it("is in no API response", () => {
    for (const response of responses) expect(response).not.toContain(tokenHash);
  });

  it("is not part of what the dashboard's services hand to pages", async () => {
    const list = await listTokens(await memberContext(organizationId));
    const one = await getToken(await memberContext(organizationId), tokenId);
    expect(JSON.stringify([list, one])).not.toMatch(/[0-9a-f]{64}/);
    expect(JSON.stringify([list, one])).not.toContain(tokenHash);
  });
});
