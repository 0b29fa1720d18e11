import pg from "pg";
import { authenticateTokenHash, presentedTokenHash, singleAuthorization } from "@/lib/api/bearer";
import { serializedListBody } from "@/lib/api/responses";
import { CLIENT_IP_HEADER } from "@/lib/auth/client-ip";
import { isIpAllowed } from "@/lib/auth/ip-allowlist";
import { tokenPrincipal } from "@/lib/auth/principal";
import { hashApiToken } from "@/lib/auth/token";
import { db, dbPool } from "@/lib/db";
import { listDomains } from "@/lib/services/domains/domains";
import type { RequestLogEntry } from "@/lib/services/logs/types";
import { FIND_TOKEN_BY_HASH, insertRequestLogs, LIST_FIRST_PAGE } from "@/lib/sql";
import { createFixture } from "./http";
import { databaseUrl, describeMachine, type MachineInfo } from "./lib/environment";
import { databaseCpuMs } from "./lib/server";
import { median, round } from "./lib/stats";

// The pieces of the authenticated request path, timed one by one in this process: CPU
// time (user + system) and wall time per operation, each the median of several batches.
// This explains the HTTP figures (which part of B costs what) and measures alternatives
// before anyone changes the application code. Operations run sequentially, so wall time
// is one database round trip plus the client-side work.

const BATCHES = 5;

export interface ComponentMeasurement {
  name: string;
  operationsPerBatch: number;
  cpuMicrosecondsPerOperation: number;
  wallMicrosecondsPerOperation: number;
  /** CPU time of the local PostgreSQL processes per operation (null for a remote one). */
  databaseCpuMicrosecondsPerOperation: number | null;
}

export interface ComponentsResult {
  kind: "components";
  startedAt: string;
  machine: MachineInfo;
  measurements: ComponentMeasurement[];
}

async function measure(
  name: string,
  operationsPerBatch: number,
  operation: (index: number) => Promise<unknown> | unknown,
): Promise<ComponentMeasurement> {
  const cpu: number[] = [];
  const wall: number[] = [];
  const database: number[] = [];
  for (let batch = 0; batch < BATCHES; batch += 1) {
    const cpuStart = process.cpuUsage();
    const databaseStart = databaseCpuMs();
    const wallStart = performance.now();
    for (let index = 0; index < operationsPerBatch; index += 1) await operation(index);
    const used = process.cpuUsage(cpuStart);
    wall.push(((performance.now() - wallStart) * 1000) / operationsPerBatch);
    cpu.push((used.user + used.system) / operationsPerBatch);
    const databaseEnd = databaseCpuMs();
    if (databaseStart !== null && databaseEnd !== null)
      database.push(((databaseEnd - databaseStart) * 1000) / operationsPerBatch);
  }
  const result = {
    name,
    operationsPerBatch,
    cpuMicrosecondsPerOperation: round(median(cpu), 1),
    wallMicrosecondsPerOperation: round(median(wall), 1),
    databaseCpuMicrosecondsPerOperation: database.length > 0 ? round(median(database), 0) : null,
  };
  console.log(
    `  ${name.padEnd(60)} ${String(result.cpuMicrosecondsPerOperation).padStart(9)} µs CPU ${String(result.wallMicrosecondsPerOperation).padStart(9)} µs wall ${String(result.databaseCpuMicrosecondsPerOperation).padStart(7)} µs database CPU`,
  );
  return result;
}

function logEntries(organizationId: string, tokenId: string, count: number): RequestLogEntry[] {
  return Array.from({ length: count }, (_, index) => ({
    createdAt: new Date(),
    organizationId,
    tokenId,
    tokenName: "Benchmark",
    method: "GET",
    path: `/api/v1/domains?limit=${(index % 100) + 1}`,
    status: 200,
    clientIp: "127.0.0.1",
    userAgent: "mailshield-bench/components",
    durationMs: 3,
    requestSummary: "query limit=25",
    responseSummary: "10 items",
    errorCode: null,
    requestId: crypto.randomUUID(),
    refusalReason: null,
    afterRotation: false,
    operation: null,
    scope: null,
  }));
}

// The domain page as it was read before PostgreSQL serialized it (for comparison).
const EARLIER_LIST_PAGE = `
  SELECT id::text AS id, name, spf_status::text AS spf_status,
         dkim_status::text AS dkim_status, dmarc_status::text AS dmarc_status, dmarc_policy,
         last_checked_at, created_at
    FROM domains WHERE organization_id = $1::uuid
   ORDER BY created_at DESC, id DESC LIMIT $2`;

interface EarlierDomainRow {
  id: string;
  name: string;
  spf_status: string;
  dkim_status: string;
  dmarc_status: string;
  dmarc_policy: string | null;
  last_checked_at: Date | null;
  created_at: Date;
}

// The earlier design's mapper, kept only to measure it against the deployed one.
function earlierDomainJson(row: EarlierDomainRow) {
  return {
    id: row.id,
    name: row.name,
    spfStatus: row.spf_status.toLowerCase(),
    dkimStatus: row.dkim_status.toLowerCase(),
    dmarcStatus: row.dmarc_status.toLowerCase(),
    dmarcPolicy: row.dmarc_policy,
    lastCheckedAt: row.last_checked_at?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
  };
}

export async function runComponents(): Promise<ComponentsResult> {
  const client = new pg.Client({ connectionString: databaseUrl() });
  await client.connect();
  const fixture = await createFixture(client);
  try {
    const machine = await describeMachine(client);
    const headers = (token: string) =>
      new Headers({ authorization: `Bearer ${token}`, [CLIENT_IP_HEADER]: "127.0.0.1" });
    // What the request pipeline does to authenticate: hash the header's token, look it up.
    const authenticate = (presented: Headers) =>
      authenticateTokenHash(presentedTokenHash(singleAuthorization(presented)), {
        clientIp: "127.0.0.1",
      });
    const valid = headers(fixture.validToken);
    const unknown = headers(fixture.unknownToken);
    const validAuth = await authenticate(valid);
    if (!validAuth.ok) throw new Error("The fixture's token does not authenticate");
    const allowlist = validAuth.token.ipAllowlist;
    const hash = hashApiToken(fixture.validToken);
    const page = { limit: 25 };
    const org = fixture.organizationId;
    // What the pipeline hands the service: the token as its lookup read it.
    const reader = { principal: tokenPrincipal(validAuth.token, "127.0.0.1"), organizationId: org };
    const batch = logEntries(org, fixture.tokenId, 500);
    const operations: Array<[string, number, (index: number) => unknown]> = [
      [
        "A: SELECT 1 through Prisma $queryRaw (the health check)",
        500,
        () => db.$queryRaw`SELECT 1`,
      ],
      ["A, for comparison: SELECT 1 through the pg pool", 500, () => dbPool.query("SELECT 1")],
      ["B/C: authenticate a request's token, valid token", 2_000, () => authenticate(valid)],
      ["B/C: authenticate a request's token, unknown token", 2_000, () => authenticate(unknown)],
      [
        "B/C: the token lookup alone, named prepared statement (as deployed)",
        2_000,
        () => dbPool.query({ name: "bench_lookup", text: FIND_TOKEN_BY_HASH, values: [hash] }),
      ],
      [
        "B/C: the token lookup alone, unnamed (earlier design; embedded database)",
        2_000,
        () => dbPool.query({ text: FIND_TOKEN_BY_HASH, values: [hash] }),
      ],
      [
        "B: isIpAllowed, 10-entry allowlist, match on the last",
        100_000,
        () => isIpAllowed("127.0.0.1", allowlist),
      ],
      [
        "B: listDomains (10 rows) and its response body, as deployed",
        2_000,
        async () => {
          const result = await listDomains(reader, page);
          return serializedListBody(result.itemsJson, result.pagination).text;
        },
      ],
      [
        "B: the same page serialized by PostgreSQL, unnamed (embedded database)",
        2_000,
        () => dbPool.query({ text: LIST_FIRST_PAGE, values: [org, page.limit] }),
      ],
      [
        "B: the page as rows, objects and JSON.stringify here, unnamed (earlier design)",
        2_000,
        async () => {
          const { rows } = await dbPool.query<EarlierDomainRow>({
            text: EARLIER_LIST_PAGE,
            values: [org, 26],
          });
          return JSON.stringify({ data: rows.slice(0, 25).map(earlierDomainJson) });
        },
      ],
      [
        "Log writer: INSERT … unnest through the pool (+ roll-up trigger), 500 rows per batch",
        20,
        () => insertRequestLogs(batch),
      ],
      [
        "Log writer, earlier design: Prisma createMany (+ roll-up trigger), 500 rows per batch",
        20,
        () => db.apiRequestLog.createMany({ data: batch }),
      ],
    ];

    // Warm every path first (JIT, prepared plans, pool), so the order of measurement
    // does not favour later operations.
    for (const [, count, operation] of operations) {
      for (let index = 0; index < Math.min(count, 50); index += 1) await operation(index);
    }
    console.log("\nPer operation, sequential, median of 5 batches:");
    const measurements: ComponentMeasurement[] = [];
    for (const [name, count, operation] of operations) {
      measurements.push(await measure(name, count, operation));
    }
    return {
      kind: "components",
      startedAt: new Date().toISOString(),
      machine,
      measurements,
    };
  } finally {
    await client.query("DELETE FROM organizations WHERE id = $1::uuid", [fixture.organizationId]);
    await client.end();
    await db.$disconnect();
  }
}
