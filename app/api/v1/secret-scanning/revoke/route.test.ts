import { randomInt } from "node:crypto";
import { describe, expect, it, vi } from "vitest";
import * as domainsRoute from "@/app/api/v1/domains/route";
import { generateApiToken } from "@/lib/auth/token";
import { clock } from "@/lib/clock";
import { db } from "@/lib/db";
import { flushRequestLogs } from "@/lib/services/logs/writer";
import { apiRequest, createApiTenant, createApiToken, readError } from "@/test/api/helpers";
import { captureLogs } from "@/test/capture-logs";
import { holdClockAtMinuteStart } from "@/test/clock";
import { createTestOrganization } from "@/test/factories";
import { GET, POST } from "./route";

// POST /api/v1/secret-scanning/revoke through the real route and database: what a
// secret-scanning service (GitHub's partner program) sends, what it is answered, what
// changes for the token, and what is kept of the report.

vi.setConfig({ testTimeout: 60_000 });

const PATH = "/api/v1/secret-scanning/revoke";

function uniqueIp(): string {
  // A different /64 each time: the endpoint is limited per client IP (IPv6: per /64).
  const part = () => randomInt(1, 0xffff).toString(16);
  return `2001:db8:${part()}:${part()}::7`;
}

interface Entry {
  token?: unknown;
  type?: unknown;
  url?: unknown;
  source?: unknown;
}

function report(body: unknown, options: { ip?: string; authorization?: string } = {}) {
  return POST(
    apiRequest(PATH, { method: "POST", body: body as object, ip: uniqueIp(), ...options }),
  );
}

const entry = (token: unknown, overrides: Entry = {}): Entry => ({
  token,
  type: "mailshield_token",
  url: "https://github.com/octo/app/blob/1a2b3c/.env",
  source: "content",
  ...overrides,
});

async function labels(response: Response): Promise<string[]> {
  expect(response.status).toBe(200);
  const body = (await response.json()) as Array<{ label: string }>;
  return body.map((item) => item.label);
}

const unknownToken = () => generateApiToken().token;

describe(`POST ${PATH}`, () => {
  it("revokes a working token at once, records where it was found and audits it", async () => {
    const { organization, token, tokenRow } = await createApiTenant("PRO");
    const ip = uniqueIp();
    const response = await report([entry(token)], { ip });

    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(response.headers.get("ratelimit-limit")).toBe("60");
    expect(await response.json()).toEqual([
      { token_raw: token, token_type: "mailshield_token", label: "true_positive" },
    ]);

    const stored = await db.apiToken.findUniqueOrThrow({ where: { id: tokenRow.id } });
    expect(stored.revokedAt).toBeInstanceOf(Date);
    expect(stored.revokedById).toBeNull();
    expect(stored).toMatchObject({
      exposedAt: stored.revokedAt,
      exposedUrl: "https://github.com/octo/app/blob/1a2b3c/.env",
      exposedSource: "content",
    });
    const events = await db.auditEvent.findMany({ where: { organizationId: organization.id } });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      actorId: null,
      action: "token.revoked",
      targetType: "api_token",
      targetId: tokenRow.id,
      ip,
      metadata: {
        name: tokenRow.name,
        reason: "exposed",
        exposedUrl: "https://github.com/octo/app/blob/1a2b3c/.env",
        exposedSource: "content",
      },
    });

    // The API refuses it from the very next request.
    const after = await domainsRoute.GET(apiRequest("/api/v1/domains", { token }));
    expect(after.status).toBe(401);
  });

  it("answers true_positive for a token revoked before, without revoking it again", async () => {
    const organization = await createTestOrganization({ plan: "PRO" });
    const revokedAt = new Date(clock.ms() - 86_400_000);
    const { token, row } = await createApiToken({ organizationId: organization.id, revokedAt });

    expect(await labels(await report([entry(token)]))).toEqual(["true_positive"]);
    const stored = await db.apiToken.findUniqueOrThrow({ where: { id: row.id } });
    expect(stored.revokedAt).toEqual(revokedAt);
    expect(stored.exposedAt).toBeInstanceOf(Date);
    expect(stored.exposedUrl).toBe("https://github.com/octo/app/blob/1a2b3c/.env");
    expect(await db.auditEvent.count({ where: { organizationId: organization.id } })).toBe(0);

    // The first report is the one kept.
    await report([entry(token, { url: "https://gist.github.com/later", source: "gist" })]);
    const again = await db.apiToken.findUniqueOrThrow({ where: { id: row.id } });
    expect(again).toMatchObject({ exposedAt: stored.exposedAt, exposedSource: "content" });
  });

  it("answers true_positive for an expired token and records the exposure without revoking", async () => {
    const organization = await createTestOrganization({ plan: "PRO" });
    const expiresAt = new Date(clock.ms() - 60_000);
    const { token, row } = await createApiToken({ organizationId: organization.id, expiresAt });

    expect(await labels(await report([entry(token)]))).toEqual(["true_positive"]);
    const stored = await db.apiToken.findUniqueOrThrow({ where: { id: row.id } });
    expect(stored.revokedAt).toBeNull();
    expect(stored.exposedAt).toBeInstanceOf(Date);
  });

  it("answers false_positive for unknown and malformed values, changing nothing", async () => {
    const { token, tokenRow } = await createApiTenant("PRO");
    const response = await report([
      entry(unknownToken()),
      entry(token.slice(0, -1)),
      entry(`${token}x`),
      entry(token.slice(3)),
      entry(""),
      entry("<script>"),
    ]);
    expect(await labels(response)).toEqual(Array(6).fill("false_positive"));
    const stored = await db.apiToken.findUniqueOrThrow({ where: { id: tokenRow.id } });
    expect(stored).toMatchObject({ revokedAt: null, exposedAt: null });
  });

  it("answers each malformed entry on its own, with exactly the three fields", async () => {
    const { token, tokenRow } = await createApiTenant("PRO");
    const response = await report([
      { token: 42, type: "mailshield_token" },
      { token: null, type: ["x"] },
      { type: "mailshield_token", url: 7 },
      {},
      { token, type: 1, url: { href: "x" }, source: null, extra: true },
    ]);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual([
      { token_raw: "", token_type: "mailshield_token", label: "false_positive" },
      { token_raw: "", token_type: "", label: "false_positive" },
      { token_raw: "", token_type: "mailshield_token", label: "false_positive" },
      { token_raw: "", token_type: "", label: "false_positive" },
      // A token of ours in an otherwise malformed entry is still revoked.
      { token_raw: token, token_type: "", label: "true_positive" },
    ]);
    const stored = await db.apiToken.findUniqueOrThrow({ where: { id: tokenRow.id } });
    expect(stored).toMatchObject({ exposedUrl: null, exposedSource: null });
    expect(stored.revokedAt).toBeInstanceOf(Date);
  });

  // JSON can spell lone UTF-16 surrogates, which PostgreSQL refuses inside JSON (the audit
  // event): where a token was found is only kept, so they are kept as U+FFFD, and the tokens
  // are revoked whatever else the entries hold.
  it("revokes every token it names, whatever text its entries hold (lone surrogates kept as U+FFFD)", async () => {
    const first = await createApiTenant("PRO");
    const second = await createApiTenant("PRO");
    // The long URL is clipped right after the first half of an emoji's surrogate pair.
    const longUrl = `https://github.com/${"~".repeat(2027)}\u{1F4E7}b`;
    const response = await report([
      entry(first.token, { url: "https://gist.github.com/\ud800x", source: "gist\udc00" }),
      entry(`${second.token.slice(0, 20)}\ud800`, { type: "\udbff" }),
      entry(second.token, { type: "mailshield_token\udfff", url: longUrl }),
    ]);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual([
      { token_raw: first.token, token_type: "mailshield_token", label: "true_positive" },
      {
        token_raw: `${second.token.slice(0, 20)}\ufffd`,
        token_type: "\ufffd",
        label: "false_positive",
      },
      { token_raw: second.token, token_type: "mailshield_token\ufffd", label: "true_positive" },
    ]);
    const stored = await db.apiToken.findUniqueOrThrow({ where: { id: first.tokenRow.id } });
    expect(stored.revokedAt).toBeInstanceOf(Date);
    expect(stored).toMatchObject({
      exposedUrl: "https://gist.github.com/\ufffdx",
      exposedSource: "gist\ufffd",
    });
    const clipped = await db.apiToken.findUniqueOrThrow({ where: { id: second.tokenRow.id } });
    expect(clipped.revokedAt).toBeInstanceOf(Date);
    expect(clipped.exposedUrl).toBe(`https://github.com/${"~".repeat(2027)}…`);
  });

  it("revokes a token named twice in one batch once", async () => {
    const { organization, token } = await createApiTenant("PRO");
    expect(await labels(await report([entry(token), entry(token)]))).toEqual([
      "true_positive",
      "true_positive",
    ]);
    expect(await db.auditEvent.count({ where: { organizationId: organization.id } })).toBe(1);
  });

  it.each([
    ["an object", { token: "x" }],
    ["a string", JSON.stringify("ms_x")],
    ["null", null],
    ["an array with a non-object", [entry("ms_x"), "ms_x"]],
    ["an array with null", [null]],
  ])("answers 422 for a body that is %s, and revokes nothing", async (_label, body) => {
    const { token, tokenRow } = await createApiTenant("PRO");
    const withToken = Array.isArray(body) ? [entry(token), ...body] : body;
    const response = await report(withToken);
    expect(response.status).toBe(422);
    expect((await readError(response)).code).toBe("validation_error");
    const stored = await db.apiToken.findUniqueOrThrow({ where: { id: tokenRow.id } });
    expect(stored.revokedAt).toBeNull();
  });

  it("answers 400 for a body that is not JSON", async () => {
    const response = await report("[{");
    expect(response.status).toBe(400);
    expect((await readError(response)).code).toBe("bad_request");
  });

  it("handles 100 entries, and refuses 101 with 422 without revoking any", async () => {
    const { token, tokenRow } = await createApiTenant("PRO");
    const hundred = [entry(token), ...Array.from({ length: 99 }, () => entry(unknownToken()))];
    const answer = await labels(await report(hundred));
    expect(answer).toHaveLength(100);
    expect(answer.filter((label) => label === "true_positive")).toHaveLength(1);

    const other = await createApiTenant("PRO");
    const tooMany = [entry(other.token), ...hundred];
    const refused = await report(tooMany);
    expect(refused.status).toBe(422);
    expect(await readError(refused)).toMatchObject({
      code: "validation_error",
      issues: [{ path: "", message: "At most 100 tokens per request" }],
    });
    const untouched = await db.apiToken.findUniqueOrThrow({ where: { id: other.tokenRow.id } });
    expect(untouched.revokedAt).toBeNull();
    expect(
      (await db.apiToken.findUniqueOrThrow({ where: { id: tokenRow.id } })).revokedAt,
    ).not.toBeNull();
  });

  it("refuses a body over 64 KB with 413", async () => {
    const big = [entry(unknownToken(), { url: `https://example.com/${"a".repeat(70 * 1024)}` })];
    const response = await report(big);
    expect(response.status).toBe(413);
    expect((await readError(response)).code).toBe("payload_too_large");
  });

  it("needs no token and ignores any Authorization header", async () => {
    const { token } = await createApiTenant("PRO");
    for (const authorization of [
      "Bearer nonsense",
      `Bearer ${unknownToken()}`,
      `Bearer ${token}`,
    ]) {
      const response = await report([entry(unknownToken())], { authorization });
      expect(await labels(response)).toEqual(["false_positive"]);
    }
  });

  it("limits requests per client IP: 60 a minute, then 429 with Retry-After", async () => {
    const ip = uniqueIp();
    // The whole minute window for this test.
    holdClockAtMinuteStart();
    for (let i = 0; i < 60; i += 1) expect((await report([], { ip })).status).toBe(200);
    const refused = await report([entry(unknownToken())], { ip });
    expect(refused.status).toBe(429);
    expect((await readError(refused)).code).toBe("rate_limited");
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(refused.headers.get("ratelimit-remaining")).toBe("0");
    // Another address is not affected.
    expect((await report([], { ip: uniqueIp() })).status).toBe(200);
  });

  it("answers 405 to other methods, without a token", async () => {
    const response = await GET(apiRequest(PATH, { ip: uniqueIp() }));
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("POST, OPTIONS");
  });

  it("keeps nothing of a reported token but its hash, in any table or the server log", async () => {
    const { organization, token, tokenRow } = await createApiTenant("PRO");
    const unknown = unknownToken();
    const logs = captureLogs();
    try {
      // The URL and source carry the token too, as a careless reporter might send them.
      const response = await report([
        entry(token, { url: `https://paste.example/raw?t=${token}`, source: `found ${token}` }),
        entry(unknown, { url: `https://paste.example/${unknown}` }),
      ]);
      expect(await labels(response)).toEqual(["true_positive", "false_positive"]);
      await flushRequestLogs();
    } finally {
      logs.restore();
    }
    const stored = await db.apiToken.findUniqueOrThrow({ where: { id: tokenRow.id } });
    expect(stored.exposedUrl).toBe("https://paste.example/raw?t=ms_[REDACTED]");
    expect(stored.exposedSource).toBe("found ms_[REDACTED]");
    expect(await db.auditEvent.count({ where: { organizationId: organization.id } })).toBe(1);

    // Operators see the report as counts.
    expect(logs.lines()).toContainEqual(
      expect.objectContaining({ msg: "secret-scanning report", reported: 2, ours: 1 }),
    );
    for (const secret of [token.slice(3), unknown.slice(3)]) {
      expect(logs.text()).not.toContain(secret);
      expect(await tablesContaining(secret)).toEqual([]);
    }
  });
});

/** The tables with a row whose text holds `value` anywhere (every column, every table). */
async function tablesContaining(value: string): Promise<string[]> {
  const tables = await db.$queryRawUnsafe<Array<{ name: string }>>(
    "SELECT quote_ident(table_name) AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'",
  );
  const found: string[] = [];
  for (const { name } of tables) {
    const [row] = await db.$queryRawUnsafe<Array<{ hit: boolean }>>(
      `SELECT EXISTS (SELECT 1 FROM ${name} t WHERE strpos(t::text, $1) > 0) AS hit`,
      value,
    );
    if (row?.hit) found.push(name);
  }
  return found;
}
