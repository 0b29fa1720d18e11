import { isIP } from "node:net";
import pg from "pg";
import { memberPrincipal } from "@/lib/auth/principal";
import { db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { getTokenInsights } from "@/lib/services/logs/insights";
import { listRequestLogs } from "@/lib/services/logs/query";
import { activityWindowStart, getTokenActivity } from "@/lib/services/logs/token-activity";
import { encodeLogCursor, parseRequestLogFilters } from "@/lib/validations/logs";
import { seedRequestLogs } from "@/scripts/db/seed-logs";
import { databaseUrl, describeMachine, loadAverage, type MachineInfo } from "./lib/environment";
import { median, ratio, round } from "./lib/stats";

// Logs at scale: fills api_request_logs with N generated rows for one organization and
// measures, on the database server (EXPLAIN (ANALYZE, BUFFERS), warm cache, median of
// several runs), the exact SQL the Access Logs page and the token activity section issue.
// The SQL is captured from the real service functions, not copied, so the numbers follow
// the code. Candidate fixes (an index, a daily roll-up table) are then created in the bench
// database only and measured against the same data; they are dropped afterwards.

const TARGET_MS = 100;
const TARGET_RATIO = 2;
/** Ratios between timings this small are noise; see compare(). */
const RATIO_FLOOR_MS = 1;
const WARMUP_RUNS = 2;
const MEASURED_RUNS = 7;
const SLOW_QUERY_MS = 1_000;
const SLOW_QUERY_RUNS = 3;
const ACCESS_LOG_PAGE = 1_000;
/** An address the generator never produces: the token activity's "new IP" case. */
const NEVER_SEEN_IP = "203.0.113.99";

export interface LogsScaleOptions {
  sizes: number[];
  days: number;
  /** Also measure the candidate fixes (created and dropped in the bench database). */
  fixes: boolean;
  /** Keep the generated rows of the last size (they are deleted by default). */
  keep: boolean;
}

interface CapturedQuery {
  text: string;
  values: unknown[];
}

export interface QueryMeasurement {
  name: string;
  /** Median server execution time over the measured runs (ms). */
  executionMs: number;
  maxExecutionMs: number;
  planningMs: number;
  /** Rows the query returned in the plan's top node. */
  rows: number;
  sharedBuffersHit: number;
  sharedBuffersRead: number;
  /** The plan's node types and the indexes they use, outermost first. */
  plan: string[];
  /** Median wall time of the whole service call through Prisma, when measured (ms). */
  clientMs?: number;
  candidate?: string;
}

export interface SizeResult {
  rows: number;
  seedSeconds: number;
  tableSize: string;
  indexesSize: string;
  /** The daily roll-up equals the raw log for every token (null: no roll-up table). */
  rollupMatchesLog: boolean | null;
  loadAverage: number[];
  queries: QueryMeasurement[];
}

export interface LogsScaleResult {
  kind: "logs-scale";
  startedAt: string;
  machine: MachineInfo;
  options: LogsScaleOptions;
  sizes: SizeResult[];
  comparison: Array<{
    name: string;
    small: number | null;
    large: number | null;
    ratio: number | null;
    underTarget: boolean;
    ratioUnderTarget: boolean;
  }>;
}

// ---------------------------------------------------------------------------------------
// Capturing the SQL the services issue

function isSql(value: unknown): value is Prisma.Sql {
  return value instanceof Prisma.Sql;
}

/**
 * Runs `action` while recording every raw query it sends through the shared client. The
 * queries still execute, so the action behaves exactly as in the app.
 */
async function captureQueries(action: () => Promise<unknown>): Promise<CapturedQuery[]> {
  const captured: CapturedQuery[] = [];
  const original = db.$queryRaw.bind(db);
  const patched = (query: TemplateStringsArray | Prisma.Sql, ...values: unknown[]) => {
    const sql = isSql(query) ? query : Prisma.sql(query, ...(values as Prisma.Sql[]));
    captured.push({ text: sql.text, values: sql.values });
    return original(sql);
  };
  db.$queryRaw = patched as typeof db.$queryRaw;
  try {
    await action();
  } finally {
    db.$queryRaw = original;
  }
  return captured;
}

async function captureOne(action: () => Promise<unknown>): Promise<CapturedQuery> {
  const [query] = await captureQueries(action);
  if (!query) throw new Error("The service issued no raw query.");
  return query;
}

interface ActivityQueries {
  recent: CapturedQuery;
  /** The chart and the figures (totals, distinct IPs): one query or several. */
  aggregates: CapturedQuery[];
  seenBefore: CapturedQuery;
}

/** Tells the token activity queries apart by what they do, not by their order. */
function classifyActivityQueries(queries: CapturedQuery[]): ActivityQueries {
  const recent = queries.find((query) => query.text.includes("LEFT JOIN api_tokens"));
  const seenBefore = queries.find((query) => query.text.includes("EXISTS"));
  const aggregates = queries.filter((query) => query !== recent && query !== seenBefore);
  if (!recent || !seenBefore || aggregates.length === 0) {
    throw new Error("Could not recognize the token activity queries; update bench/logs-scale.ts.");
  }
  return { recent, aggregates, seenBefore };
}

/**
 * The new-IP check as it runs when the latest request came from a never-seen address:
 * the same SQL with the IP parameter (wherever it is) replaced.
 */
function withNewIp(seenBefore: CapturedQuery): CapturedQuery {
  const index = seenBefore.values.findIndex((value) => isIP(String(value)) !== 0);
  if (index < 0)
    throw new Error("The new-IP check has no IP parameter; update bench/logs-scale.ts.");
  const values = [...seenBefore.values];
  values[index] = NEVER_SEEN_IP;
  return { text: seenBefore.text, values };
}

// ---------------------------------------------------------------------------------------
// Measuring

interface PlanNode {
  "Node Type": string;
  "Index Name"?: string;
  "Relation Name"?: string;
  "Actual Rows"?: number;
  "Shared Hit Blocks"?: number;
  "Shared Read Blocks"?: number;
  Plans?: PlanNode[];
}

interface ExplainOutput {
  Plan: PlanNode;
  "Planning Time": number;
  "Execution Time": number;
}

function describePlan(node: PlanNode, out: string[] = []): string[] {
  const target = node["Index Name"] ?? node["Relation Name"];
  out.push(target ? `${node["Node Type"]} (${target})` : node["Node Type"]);
  for (const child of node.Plans ?? []) describePlan(child, out);
  return out;
}

async function explain(client: pg.Client, query: CapturedQuery): Promise<ExplainOutput> {
  const { rows } = await client.query<{ "QUERY PLAN": ExplainOutput[] }>(
    `EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${query.text}`,
    query.values,
  );
  const output = rows[0]?.["QUERY PLAN"][0];
  if (!output) throw new Error("EXPLAIN returned nothing.");
  return output;
}

async function measureQuery(
  client: pg.Client,
  name: string,
  query: CapturedQuery,
  extra: { clientCall?: () => Promise<unknown>; candidate?: string } = {},
): Promise<QueryMeasurement> {
  const first = await explain(client, query);
  // A query that takes seconds is measured fewer times: its verdict does not need seven.
  const slow = first["Execution Time"] > SLOW_QUERY_MS;
  for (let run = 1; run < (slow ? 1 : WARMUP_RUNS); run += 1) await explain(client, query);
  const outputs: ExplainOutput[] = [];
  const runs = slow ? SLOW_QUERY_RUNS : MEASURED_RUNS;
  for (let run = 0; run < runs; run += 1) outputs.push(await explain(client, query));
  const last = outputs.at(-1)!;
  const measurement: QueryMeasurement = {
    name,
    executionMs: round(median(outputs.map((output) => output["Execution Time"])), 3),
    maxExecutionMs: round(Math.max(...outputs.map((output) => output["Execution Time"])), 3),
    planningMs: round(median(outputs.map((output) => output["Planning Time"])), 3),
    rows: last.Plan["Actual Rows"] ?? 0,
    sharedBuffersHit: last.Plan["Shared Hit Blocks"] ?? 0,
    sharedBuffersRead: last.Plan["Shared Read Blocks"] ?? 0,
    plan: describePlan(last.Plan),
  };
  if (extra.candidate) measurement.candidate = extra.candidate;
  if (extra.clientCall) {
    const times: number[] = [];
    for (let run = 0; run < runs; run += 1) {
      const started = performance.now();
      await extra.clientCall();
      times.push(performance.now() - started);
    }
    measurement.clientMs = round(median(times), 3);
  }
  printMeasurement(measurement);
  return measurement;
}

function printMeasurement(measurement: QueryMeasurement): void {
  const flag = measurement.executionMs < TARGET_MS ? "ok " : "SLOW";
  const client = measurement.clientMs === undefined ? "" : ` (call ${measurement.clientMs} ms)`;
  console.log(
    `    ${flag} ${measurement.name.padEnd(52)} ${String(measurement.executionMs).padStart(10)} ms${client}`,
  );
}

// ---------------------------------------------------------------------------------------
// Data

interface BenchOrganization {
  id: string;
  /** Seed tokens, busiest first (the generator's order). */
  tokenIds: string[];
}

async function createOrganization(client: pg.Client, rows: number): Promise<string> {
  const { rows: created } = await client.query<{ id: string }>(
    `INSERT INTO organizations (id, name, plan, created_at, updated_at)
     VALUES (gen_random_uuid(), $1, 'PRO', now(), now()) RETURNING id::text AS id`,
    [`Bench: logs at scale (${rows} rows)`],
  );
  return created[0]!.id;
}

/**
 * Deletes an organization's generated rows, then the organization, and gives the space
 * back: a plain VACUUM would leave gigabytes of empty table and index pages behind, which
 * would skew the next measurement (and the disk). VACUUM FULL rewrites only the rows left,
 * which in the bench database are few; it locks the table, which nothing else uses here.
 */
async function dropOrganization(client: pg.Client, organizationId: string): Promise<void> {
  await client.query("DELETE FROM api_request_logs WHERE organization_id = $1::uuid", [
    organizationId,
  ]);
  await client.query("DELETE FROM organizations WHERE id = $1::uuid", [organizationId]);
  await client.query("VACUUM (FULL, ANALYZE) api_request_logs");
  await client.query("VACUUM (FULL, ANALYZE) api_request_log_daily").catch(() => undefined);
}

/** Removes organizations a previous, interrupted run left behind. */
async function dropLeftovers(client: pg.Client): Promise<void> {
  const { rows } = await client.query<{ id: string }>(
    "SELECT id::text AS id FROM organizations WHERE name LIKE 'Bench: logs at scale (%'",
  );
  for (const row of rows) await dropOrganization(client, row.id);
}

async function relationSizes(client: pg.Client): Promise<{ table: string; indexes: string }> {
  const { rows } = await client.query<{ table: string; indexes: string }>(
    `SELECT pg_size_pretty(pg_table_size('api_request_logs')) AS table,
            pg_size_pretty(pg_indexes_size('api_request_logs')) AS indexes`,
  );
  return rows[0]!;
}

/** The keyset position of the row `offset` rows below the newest (setup only). */
async function cursorAt(client: pg.Client, organizationId: string, offset: number) {
  const { rows } = await client.query<{ created_at: Date; id: string }>(
    `SELECT created_at, id::text AS id FROM api_request_logs
      WHERE organization_id = $1::uuid
      ORDER BY created_at DESC, id DESC OFFSET $2 LIMIT 1`,
    [organizationId, offset],
  );
  const row = rows[0];
  if (!row) throw new Error(`No row at offset ${offset}.`);
  return encodeLogCursor({ createdAt: row.created_at, id: BigInt(row.id) });
}

// ---------------------------------------------------------------------------------------
// The measured queries

function accessLogFilters(params: Record<string, string>) {
  const { filters, notices } = parseRequestLogFilters(new URLSearchParams(params));
  if (notices.length > 0) throw new Error(`Invalid bench filters: ${notices.join("; ")}`);
  return filters;
}

async function measureBaseline(
  client: pg.Client,
  organization: BenchOrganization,
  rows: number,
  now: Date,
): Promise<QueryMeasurement[]> {
  const orgId = organization.id;
  const reader = ownerReading(orgId);
  const busiest = organization.tokenIds[0]!;
  const rare = organization.tokenIds[3]!;
  const pageSize = accessLogFilters({}).limit;
  const results: QueryMeasurement[] = [];

  const pages: Array<[string, Record<string, string>]> = [
    ["Access log: first page", {}],
    ["Access log: one token, last 7 days", { token: busiest, range: "7d" }],
    ["Access log: rare token, last 7 days, 4xx", { token: rare, range: "7d", status: "4xx" }],
    ["Access log: status 503 (0.5% of rows)", { status: "503" }],
    ["Access log: one IP, never seen", { ip: NEVER_SEEN_IP }],
    ["Access log: path filter matching nothing, last 24 h", { path: "no-such-path", range: "24h" }],
    ["Access log: path filter matching nothing, all time", { path: "no-such-path" }],
    [
      `Access log: page ${ACCESS_LOG_PAGE.toLocaleString("en")} (cursor)`,
      {
        cursor: await cursorAt(
          client,
          orgId,
          Math.min(pageSize * (ACCESS_LOG_PAGE - 1), rows - pageSize),
        ),
      },
    ],
    [
      "Access log: middle of the data (cursor)",
      { cursor: await cursorAt(client, orgId, Math.floor(rows / 2)) },
    ],
  ];
  for (const [name, params] of pages) {
    const filters = accessLogFilters(params);
    const call = () => listRequestLogs(reader, filters, now);
    results.push(await measureQuery(client, name, await captureOne(call), { clientCall: call }));
  }

  // The token detail page: recent requests, the 30-day chart and its figures (however
  // many queries the service uses for them), and the "new IP" check.
  const activityCall = () => getTokenActivity(reader, busiest, { now });
  const activity = classifyActivityQueries(await captureQueries(activityCall));
  results.push(await measureQuery(client, "Token activity: recent requests", activity.recent));
  for (const [index, query] of activity.aggregates.entries()) {
    const suffix = activity.aggregates.length > 1 ? ` (query ${index + 1})` : "";
    // The first aggregate's "call" time is the whole activity section, through Prisma.
    results.push(
      await measureQuery(client, `Token activity: 30-day chart and figures${suffix}`, query, {
        clientCall: index === 0 ? activityCall : undefined,
      }),
    );
  }
  results.push(
    await measureQuery(client, "Token activity: new-IP check, familiar IP", activity.seenBefore),
  );
  results.push(
    await measureQuery(
      client,
      "Token activity: new-IP check, new IP",
      withNewIp(activity.seenBefore),
    ),
  );

  const insightsCall = () => getTokenInsights(reader, now);
  results.push(
    await measureQuery(
      client,
      "API tokens list: insights (denied 24 h)",
      await captureOne(insightsCall),
      {
        clientCall: insightsCall,
      },
    ),
  );
  return results;
}

// ---------------------------------------------------------------------------------------
// The daily roll-up's consistency, and candidate fixes created in the bench database only

/**
 * The token's window figures from the raw log, in one canonical shape (one row per day,
 * then one row with the distinct IPs). Parameters: token id, organization id, window
 * start (00:00 UTC).
 */
const RAW_WINDOW_REFERENCE = `
SELECT to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day,
       (count(*) FILTER (WHERE status < 400))::int AS successes,
       (count(*) FILTER (WHERE status >= 400))::int AS failures, 0 AS "distinctIps"
  FROM api_request_logs
 WHERE token_id = $1::uuid AND organization_id = $2::uuid AND created_at >= $3::timestamptz
 GROUP BY 1
UNION ALL
SELECT NULL, 0, 0, count(DISTINCT client_ip)::int
  FROM api_request_logs
 WHERE token_id = $1::uuid AND organization_id = $2::uuid AND created_at >= $3::timestamptz`;

/** The same figures from the trigger-maintained daily roll-up, in the same shape. */
const ROLLUP_WINDOW = `
WITH window_rows AS (
  SELECT day, client_ip, successes, failures
    FROM api_request_log_daily
   WHERE token_id = $1::uuid AND organization_id = $2::uuid
     AND day >= ($3::timestamptz AT TIME ZONE 'UTC')::date
)
SELECT to_char(day, 'YYYY-MM-DD') AS day, sum(successes)::int AS successes,
       sum(failures)::int AS failures, 0 AS "distinctIps"
  FROM window_rows GROUP BY day
UNION ALL
SELECT NULL, 0, 0, count(DISTINCT client_ip)::int FROM window_rows`;

/**
 * The chart reads the roll-up instead of the log, so the roll-up must agree with the log
 * exactly, for every token, after millions of batched inserts. Returns false when the
 * schema has no roll-up table.
 */
async function checkRollupConsistency(
  client: pg.Client,
  organization: BenchOrganization,
  now: Date,
): Promise<boolean> {
  const { rows } = await client.query<{ exists: boolean }>(
    "SELECT to_regclass('api_request_log_daily') IS NOT NULL AS exists",
  );
  if (!rows[0]?.exists) return false;
  const since = activityWindowStart(now).toISOString();
  for (const tokenId of organization.tokenIds) {
    const values = [tokenId, organization.id, since];
    await assertSameResults(
      client,
      { text: RAW_WINDOW_REFERENCE, values },
      { text: ROLLUP_WINDOW, values },
    );
  }
  console.log("    ok  daily roll-up equals the raw log for every token");
  return true;
}

/** The DDL of each candidate, as proposed for a migration (bench names are prefixed). */
export const CANDIDATE_DDL = {
  deniedIndex:
    "CREATE INDEX bench_logs_token_denied ON api_request_logs (token_id, created_at) WHERE status IN (401, 403)",
} as const;

async function dropCandidates(client: pg.Client): Promise<void> {
  await client.query("DROP INDEX IF EXISTS bench_logs_token_denied");
  // Leftovers of earlier versions of this bench.
  await client.query("DROP INDEX IF EXISTS bench_logs_token_time_covering");
  await client.query("DROP INDEX IF EXISTS bench_logs_token_ip_time");
  await client.query("DROP TABLE IF EXISTS bench_request_log_daily");
}

/**
 * An owner of the bench organization as a page hands them to the services: the session's
 * read of the membership (role, plan) comes with the principal, so reads make no query of
 * their own for it. The bench organization has no member row: the user id names no one.
 */
function ownerReading(organizationId: string) {
  const session = {
    user: { id: "00000000-0000-4000-8000-000000000000" },
    organization: { id: organizationId, plan: "PRO" as const },
    role: "OWNER" as const,
  };
  return { principal: memberPrincipal(session, null), organizationId };
}

async function timed(client: pg.Client, sql: string, values: unknown[] = []): Promise<number> {
  const started = performance.now();
  await client.query(sql, values);
  return round((performance.now() - started) / 1000, 1);
}

async function measureCandidates(
  client: pg.Client,
  organization: BenchOrganization,
  now: Date,
): Promise<QueryMeasurement[]> {
  const insights = await captureOne(() => getTokenInsights(ownerReading(organization.id), now));
  const results: QueryMeasurement[] = [];
  await dropCandidates(client);

  const deniedSeconds = await timed(client, CANDIDATE_DDL.deniedIndex);
  const { rows } = await client.query<{ size: string }>(
    "SELECT pg_size_pretty(pg_relation_size('bench_logs_token_denied')) AS size",
  );
  console.log(
    `  candidate: partial index on denied requests (${deniedSeconds} s to build, ${rows[0]?.size})`,
  );
  await client.query("VACUUM (ANALYZE) api_request_logs");
  results.push(
    await measureQuery(client, "Insights, partial index on 401/403", insights, {
      candidate: "partial index (token_id, created_at) WHERE status IN (401, 403)",
    }),
  );
  await dropCandidates(client);
  return results;
}

/** A candidate must return exactly what the raw log says. */
async function assertSameResults(
  client: pg.Client,
  reference: CapturedQuery,
  candidate: CapturedQuery,
): Promise<void> {
  const canonical = async (query: CapturedQuery) => {
    const { rows } = await client.query(query.text, query.values);
    return rows.map((row) => JSON.stringify(row)).sort();
  };
  const expected = await canonical(reference);
  const actual = await canonical(candidate);
  const missing = expected.filter((row) => !actual.includes(row));
  const extra = actual.filter((row) => !expected.includes(row));
  if (missing.length > 0 || extra.length > 0) {
    throw new Error(
      `The roll-up differs from the raw log: expected ${missing.join(", ")}; got ${extra.join(", ")}.`,
    );
  }
}

// ---------------------------------------------------------------------------------------
// The run

function compare(sizes: SizeResult[]): LogsScaleResult["comparison"] {
  const small = sizes[0];
  const large = sizes.at(-1);
  if (!small || !large) return [];
  return large.queries.map((query) => {
    const before = small.queries.find((candidate) => candidate.name === query.name);
    const smallMs = before?.executionMs ?? null;
    const largeMs = query.executionMs;
    const growth = smallMs !== null && largeMs !== null ? ratio(largeMs, smallMs) : null;
    return {
      name: query.name,
      small: smallMs,
      large: largeMs,
      ratio: growth,
      underTarget: largeMs !== null && largeMs < TARGET_MS,
      // Below a millisecond a ratio measures noise (timer resolution, a cache line), so
      // such queries count as flat.
      ratioUnderTarget: growth !== null && (growth < TARGET_RATIO || largeMs < RATIO_FLOOR_MS),
    };
  });
}

export async function runLogsScale(options: LogsScaleOptions): Promise<LogsScaleResult> {
  const client = new pg.Client({ connectionString: databaseUrl() });
  await client.connect();
  const result: LogsScaleResult = {
    kind: "logs-scale",
    startedAt: new Date().toISOString(),
    machine: await describeMachine(client),
    options,
    sizes: [],
    comparison: [],
  };
  try {
    await dropCandidates(client);
    await dropLeftovers(client);
    for (const [index, rows] of options.sizes.entries()) {
      const now = new Date();
      const organizationId = await createOrganization(client, rows);
      console.log(`\nGenerating ${rows.toLocaleString("en")} log rows over ${options.days} days…`);
      const started = performance.now();
      const seeded = await seedRequestLogs(organizationId, rows, {
        days: options.days,
        now,
        onProgress: (inserted) => {
          if (inserted % 1_000_000 === 0 || inserted === rows) {
            console.log(`  ${inserted.toLocaleString("en")} rows`);
          }
        },
      });
      const seedSeconds = round((performance.now() - started) / 1000, 1);
      // The generator runs ANALYZE; VACUUM also sets the visibility map, as autovacuum
      // would on a live table, so index-only scans are measured in their steady state.
      await client.query("VACUUM (ANALYZE) api_request_logs");
      const sizes = await relationSizes(client);
      console.log(
        `  generated in ${seedSeconds} s; table ${sizes.table}, indexes ${sizes.indexes}; load ${loadAverage().join(" ")}`,
      );
      const organization = { id: organizationId, tokenIds: seeded.tokenIds };
      const rollupChecked = await checkRollupConsistency(client, organization, now);
      const queries = await measureBaseline(client, organization, rows, now);
      if (options.fixes) queries.push(...(await measureCandidates(client, organization, now)));
      result.sizes.push({
        rows,
        seedSeconds,
        tableSize: sizes.table,
        indexesSize: sizes.indexes,
        rollupMatchesLog: rollupChecked ? true : null,
        loadAverage: loadAverage(),
        queries,
      });
      const last = index === options.sizes.length - 1;
      if (!last || !options.keep) {
        console.log("  deleting the generated rows…");
        await dropOrganization(client, organizationId);
      }
    }
    result.comparison = compare(result.sizes);
    return result;
  } finally {
    await client.end();
    await db.$disconnect();
  }
}

export function printLogsScaleSummary(result: LogsScaleResult): void {
  const [small, large] = [result.sizes[0], result.sizes.at(-1)];
  if (!small || !large) return;
  const header = `${"Query".padEnd(52)} ${`${small.rows.toLocaleString("en")}`.padStart(10)} ${`${large.rows.toLocaleString("en")}`.padStart(12)}  ratio`;
  console.log(`\nServer execution time, median of ${MEASURED_RUNS} warm runs (ms)`);
  console.log(header);
  for (const row of result.comparison) {
    const mark = row.underTarget && row.ratioUnderTarget ? "" : "  ← misses target";
    console.log(
      `${row.name.padEnd(52)} ${String(row.small ?? "-").padStart(10)} ${String(row.large ?? "-").padStart(12)}  ${String(row.ratio ?? "-").padStart(5)}${mark}`,
    );
  }
  console.log(
    `Targets: < ${TARGET_MS} ms at every size, ${large.rows}/${small.rows} ratio < ${TARGET_RATIO} (ratios of timings under ${RATIO_FLOOR_MS} ms count as flat).`,
  );
}
