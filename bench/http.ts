import autocannon, { type Result } from "autocannon";
import pg from "pg";
import { generateApiToken } from "@/lib/auth/token";
import {
  databaseUrl,
  describeMachine,
  loadAverage,
  type MachineInfo,
  productionBuildId,
} from "./lib/environment";
import {
  databaseCpuMs,
  type RunningServer,
  serverCpuMs,
  serverMemory,
  startServer,
  stopServer,
} from "./lib/server";
import { median, ratio, round as roundTo } from "./lib/stats";

// The HTTP benchmark. One server, one run, three scenarios interleaved (A B C, A B C, …)
// so that whatever else the machine is doing weighs on all three alike:
//   A  GET /api/health: one trivial database round trip, the floor
//   B  GET /api/v1/domains with a valid token, a matching 10-entry allowlist, logging on
//   C  the same request with a well-formed but unknown token (the 401 path)
// Ratios are computed within each round and their median is reported; absolute numbers
// depend on the machine and on what else runs on it.

const TARGETS = { throughputBA: 0.8, p99BA: 1.5 } as const;
const DOMAIN_COUNT = 10;

/** Nine networks that do not contain the bench client, then the one that does (checked last). */
const ALLOWLIST = [
  "10.0.0.0/8",
  "172.16.0.0/12",
  "192.168.0.0/16",
  "100.64.0.0/10",
  "198.51.100.0/24",
  "203.0.113.0/24",
  "2001:db8::/32",
  "fd00::/8",
  "fe80::/10",
  "127.0.0.1/32",
];

export type ScenarioId = "A" | "B" | "C";
type Phase = "warm-up" | "measured" | "shutdown";

export interface Scenario {
  id: ScenarioId;
  label: string;
  path: string;
  headers: Record<string, string>;
  expectedStatus: number;
}

interface HttpBenchSettings {
  connections: number;
  warmupSeconds: number;
  durationSeconds: number;
  rounds: number;
  /** Length of the load during which SIGTERM is sent (a third of the way in). */
  shutdownLoadSeconds: number;
}

export interface RunMeasurement {
  scenario: ScenarioId;
  round: number;
  /** Warm-up, a measured round, or the load during which the server receives SIGTERM. */
  phase: Phase;
  seconds: number;
  requestsPerSecond: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Server resident memory right after the run (MiB), to see whether it levels off. */
  serverRssMiB: number | null;
  /** Server process CPU time (user + system) per answered request, in ms. */
  serverCpuMsPerRequest: number | null;
  /** CPU time of the local PostgreSQL processes per answered request, in ms. */
  databaseCpuMsPerRequest: number | null;
  /** Responses received, by status code. */
  statusCodes: Record<string, number>;
  answered: number;
  /** Requests written to the socket; sent − answered were in flight when the run ended. */
  sent: number;
  errors: number;
  timeouts: number;
}

export interface ScenarioSummary {
  id: ScenarioId;
  label: string;
  /** Medians over the measured rounds. */
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  serverCpuMsPerRequest: number | null;
  databaseCpuMsPerRequest: number | null;
  answered: number;
}

export interface HttpBenchResult {
  kind: "http";
  mode: "full" | "quick";
  startedAt: string;
  machine: MachineInfo;
  loadAverageAfter: number[];
  buildId: string;
  settings: HttpBenchSettings & { databasePoolMax: number; allowlistEntries: number };
  scenarios: ScenarioSummary[];
  ratios: {
    /** Medians of the per-round ratios. */
    throughputBA: number | null;
    throughputCA: number | null;
    throughputCB: number | null;
    p99BA: number | null;
    /** Server CPU time per request, B over A and C over B (medians over rounds). */
    serverCpuBA: number | null;
    serverCpuCB: number | null;
    /** The same for the local database's CPU time, and for server and database together. */
    databaseCpuBA: number | null;
    databaseCpuCB: number | null;
    totalCpuBA: number | null;
    totalCpuCB: number | null;
    perRound: Array<{
      round: number;
      throughputBA: number | null;
      throughputCA: number | null;
      p99BA: number | null;
    }>;
  };
  targets: {
    throughputBA: { target: string; met: boolean };
    p99BA: { target: string; met: boolean };
    cNoMoreExpensiveThanB: { target: string; met: boolean };
  };
  memory: {
    afterStartMiB: number | null;
    afterRunMiB: number | null;
    peakMiB: number | null;
  };
  requestLog: {
    /** Rows written for the valid token, counted after the graceful shutdown. */
    rows: number;
    /** B responses the load generator received (warm-up included). */
    answered: number;
    /** B requests still in flight when a run's time was up (answered by the server or not). */
    inFlightAtStop: number;
    lost: number;
  };
  lastUsedUpdated: boolean;
  shutdown: { exitCode: number | null; seconds: number };
  runs: RunMeasurement[];
  /** Everything that is broken (not slow): the quick mode fails on these only. */
  failures: string[];
}

// ---------------------------------------------------------------------------------------
// Fixture: an Enterprise organization (its per-token rate limit is configurable, see
// lib/server.ts) with ten domains and a token restricted to ten networks

export interface Fixture {
  organizationId: string;
  tokenId: string;
  validToken: string;
  unknownToken: string;
}

export async function dropLeftovers(client: pg.Client): Promise<void> {
  await client.query("DELETE FROM organizations WHERE name LIKE 'Bench: HTTP %'");
}

export async function createFixture(client: pg.Client): Promise<Fixture> {
  const { rows: organizations } = await client.query<{ id: string }>(
    `INSERT INTO organizations (id, name, plan, created_at, updated_at)
     VALUES (gen_random_uuid(), $1, 'ENTERPRISE', now(), now()) RETURNING id::text AS id`,
    [`Bench: HTTP ${new Date().toISOString()}`],
  );
  const organizationId = organizations[0]!.id;
  await client.query(
    `INSERT INTO domains (id, organization_id, name, created_at, updated_at)
     SELECT gen_random_uuid(), $1::uuid, 'bench-' || n || '.example.com',
            now() - n * interval '1 minute', now()
       FROM generate_series(1, $2::int) AS n`,
    [organizationId, DOMAIN_COUNT],
  );
  const valid = generateApiToken();
  const { rows: tokens } = await client.query<{ id: string }>(
    `INSERT INTO api_tokens (id, organization_id, name, description, token_hash, last_four,
                             ip_allowlist, created_at, updated_at)
     VALUES (gen_random_uuid(), $1::uuid, 'Benchmark', 'Created by npm run bench.', $2, $3,
             $4::text[], now(), now())
     RETURNING id::text AS id`,
    [organizationId, valid.tokenHash, valid.lastFour, ALLOWLIST],
  );
  return {
    organizationId,
    tokenId: tokens[0]!.id,
    validToken: valid.token,
    // Well-formed, never stored: the lookup runs and finds nothing.
    unknownToken: generateApiToken().token,
  };
}

export function scenariosFor(fixture: Fixture): Scenario[] {
  return [
    { id: "A", label: "GET /api/health", path: "/api/health", headers: {}, expectedStatus: 200 },
    {
      id: "B",
      label: "GET /api/v1/domains, valid token",
      path: "/api/v1/domains",
      headers: { authorization: `Bearer ${fixture.validToken}` },
      expectedStatus: 200,
    },
    {
      id: "C",
      label: "GET /api/v1/domains, unknown token",
      path: "/api/v1/domains",
      headers: { authorization: `Bearer ${fixture.unknownToken}` },
      expectedStatus: 401,
    },
  ];
}

// ---------------------------------------------------------------------------------------
// Load

/** CPU milliseconds used during a run by the server and by the local database. */
interface CpuUsed {
  server: number | null;
  database: number | null;
}

function toMeasurement(
  scenario: Scenario,
  round: number,
  phase: Phase,
  result: Result,
  cpuMs: CpuUsed,
  serverRssMiB: number | null,
): RunMeasurement {
  const statusCodes = Object.fromEntries(
    Object.entries(result.statusCodeStats).map(([code, stats]) => [code, stats.count]),
  );
  const answered = Object.values(statusCodes).reduce((sum, count) => sum + count, 0);
  const perRequest = (ms: number | null) =>
    ms === null || answered === 0 ? null : roundTo(ms / answered, 3);
  return {
    scenario: scenario.id,
    round,
    phase,
    seconds: result.duration,
    requestsPerSecond: round2(answered / result.duration),
    p50Ms: result.latency.p50,
    p90Ms: result.latency.p90,
    p99Ms: result.latency.p99,
    maxMs: result.latency.max,
    serverRssMiB,
    serverCpuMsPerRequest: perRequest(cpuMs.server),
    databaseCpuMsPerRequest: perRequest(cpuMs.database),
    statusCodes,
    answered,
    sent: result.requests.sent,
    errors: result.errors,
    timeouts: result.timeouts,
  };
}

function round2(value: number): number {
  return roundTo(value, 1);
}

export async function load(
  server: Pick<RunningServer, "baseUrl">,
  scenario: Scenario,
  seconds: number,
  connections: number,
): Promise<Result> {
  return autocannon({
    url: `${server.baseUrl}${scenario.path}`,
    headers: { ...scenario.headers, "user-agent": `mailshield-bench/${scenario.id}` },
    connections,
    duration: seconds,
    timeout: 10,
  });
}

/** One request per scenario before any load: a broken build fails here, clearly. */
async function sanityCheck(server: RunningServer, scenarios: Scenario[]): Promise<string[]> {
  const failures: string[] = [];
  for (const scenario of scenarios) {
    const response = await fetch(`${server.baseUrl}${scenario.path}`, {
      headers: scenario.headers,
    });
    const body = await response.text();
    if (response.status !== scenario.expectedStatus) {
      failures.push(
        `${scenario.id} ${scenario.label}: expected ${scenario.expectedStatus}, got ${response.status}: ${body.slice(0, 200)}`,
      );
    } else if (scenario.id === "B") {
      const count = (JSON.parse(body) as { data?: unknown[] }).data?.length;
      if (count !== DOMAIN_COUNT) {
        failures.push(`B returned ${count} domains instead of ${DOMAIN_COUNT}.`);
      }
    }
  }
  return failures;
}

function statusFailures(scenario: Scenario, run: RunMeasurement): string[] {
  const failures: string[] = [];
  const unexpected = Object.entries(run.statusCodes).filter(
    ([code]) => Number(code) !== scenario.expectedStatus,
  );
  if (unexpected.length > 0) {
    const list = unexpected.map(([code, count]) => `${count}× ${code}`).join(", ");
    failures.push(
      `${scenario.id} ${run.phase} round ${run.round}: expected only ${scenario.expectedStatus}, got ${list}`,
    );
  }
  // Once the server has closed its port, the load generator's reconnects are refused: that
  // is the expected end of the shutdown phase, not a failure.
  if (run.errors > 0 && run.phase !== "shutdown") {
    failures.push(
      `${scenario.id} round ${run.round}: ${run.errors} connection errors (${run.timeouts} timeouts)`,
    );
  }
  if (run.answered === 0) failures.push(`${scenario.id} round ${run.round}: no response at all`);
  return failures;
}

// ---------------------------------------------------------------------------------------
// Summaries

function summarize(scenario: Scenario, runs: RunMeasurement[]): ScenarioSummary {
  const measured = runs.filter((run) => run.scenario === scenario.id && run.phase === "measured");
  return {
    id: scenario.id,
    label: scenario.label,
    requestsPerSecond: round2(median(measured.map((run) => run.requestsPerSecond))),
    p50Ms: median(measured.map((run) => run.p50Ms)),
    p99Ms: median(measured.map((run) => run.p99Ms)),
    serverCpuMsPerRequest: medianOrNull(measured.map((run) => run.serverCpuMsPerRequest)),
    databaseCpuMsPerRequest: medianOrNull(measured.map((run) => run.databaseCpuMsPerRequest)),
    answered: measured.reduce((sum, run) => sum + run.answered, 0),
  };
}

function medianOrNull(values: Array<number | null>): number | null {
  const present = values.filter((value): value is number => value !== null);
  return present.length > 0 ? roundTo(median(present), 3) : null;
}

function perRoundRatios(runs: RunMeasurement[], rounds: number) {
  const perRound = [];
  for (let round = 1; round <= rounds; round += 1) {
    const of = (id: ScenarioId) =>
      runs.find((run) => run.round === round && run.phase === "measured" && run.scenario === id)!;
    const [a, b, c] = [of("A"), of("B"), of("C")];
    perRound.push({
      round,
      throughputBA: ratio(b.requestsPerSecond, a.requestsPerSecond),
      throughputCA: ratio(c.requestsPerSecond, a.requestsPerSecond),
      throughputCB: ratio(c.requestsPerSecond, b.requestsPerSecond),
      p99BA: ratio(b.p99Ms, a.p99Ms),
    });
  }
  const medianOf = (values: Array<number | null>) => {
    const present = values.filter((value): value is number => value !== null);
    return present.length > 0 ? roundTo(median(present), 2) : null;
  };
  return {
    throughputBA: medianOf(perRound.map((entry) => entry.throughputBA)),
    throughputCA: medianOf(perRound.map((entry) => entry.throughputCA)),
    throughputCB: medianOf(perRound.map((entry) => entry.throughputCB)),
    p99BA: medianOf(perRound.map((entry) => entry.p99BA)),
    perRound: perRound.map(({ throughputCB: _omitted, ...entry }) => entry),
  };
}

function settingsFor(quick: boolean): HttpBenchSettings {
  const fromEnv = (name: string, fallback: number) => {
    const value = Number(process.env[name]);
    return Number.isFinite(value) && value > 0 ? value : fallback;
  };
  if (quick) {
    return {
      connections: 2,
      warmupSeconds: 0.5,
      durationSeconds: 1,
      rounds: 1,
      shutdownLoadSeconds: 1.5,
    };
  }
  // Many short rounds rather than a few long ones: the machine's speed drifts over seconds,
  // so a round's ratio is about as noisy at 3 s as at 10 s per run, and the median of 15
  // such ratios is steadier than the median of 5 in the same total time.
  return {
    connections: fromEnv("BENCH_CONNECTIONS", 10),
    warmupSeconds: fromEnv("BENCH_WARMUP_SECONDS", 3),
    durationSeconds: fromEnv("BENCH_DURATION_SECONDS", 3),
    rounds: fromEnv("BENCH_ROUNDS", 15),
    shutdownLoadSeconds: 3,
  };
}

// ---------------------------------------------------------------------------------------
// The run

export async function runHttpBench(options: { quick: boolean }): Promise<HttpBenchResult> {
  const buildId = productionBuildId();
  if (!buildId) {
    throw new Error(
      "No production build found (.next/BUILD_ID is missing). Run `npx next build` once, then `npm run bench` again.",
    );
  }
  const settings = settingsFor(options.quick);
  const client = new pg.Client({ connectionString: databaseUrl() });
  await client.connect();
  let server: RunningServer | null = null;
  const stopOnSignal = () => {
    server?.child.kill("SIGKILL");
    process.exit(130);
  };
  process.once("SIGINT", stopOnSignal);

  try {
    const machine = await describeMachine(client);
    await dropLeftovers(client);
    const fixture = await createFixture(client);
    const scenarios = scenariosFor(fixture);
    const port = Number(process.env.BENCH_PORT ?? 3107);
    console.log(
      `Starting the production server on port ${port} (build ${buildId}); load ${machine.loadAverage.join(" ")}`,
    );
    server = await startServer({ port, databaseUrl: databaseUrl() });
    const afterStart = serverMemory(server.pid);

    const failures = await sanityCheck(server, scenarios);
    const runs: RunMeasurement[] = [];
    const record = (
      scenario: Scenario,
      round: number,
      phase: Phase,
      result: Result,
      cpuMs: CpuUsed,
    ) => {
      const rss = phase === "shutdown" ? null : serverMemory(server!.pid).rssMiB;
      const run = toMeasurement(scenario, round, phase, result, cpuMs, rss);
      runs.push(run);
      failures.push(...statusFailures(scenario, run));
      if (!options.quick) {
        console.log(
          `  ${phase === "measured" ? `round ${round}` : phase} ${scenario.id}: ${run.requestsPerSecond} req/s, p50 ${run.p50Ms} ms, p99 ${run.p99Ms} ms, server CPU ${run.serverCpuMsPerRequest} ms/request, database CPU ${run.databaseCpuMsPerRequest} ms/request, RSS ${run.serverRssMiB} MiB`,
        );
      }
    };
    const measure = async (scenario: Scenario, round: number, phase: Phase) => {
      const seconds = phase === "warm-up" ? settings.warmupSeconds : settings.durationSeconds;
      const serverBefore = serverCpuMs(server!.pid);
      const databaseBefore = databaseCpuMs();
      const result = await load(server!, scenario, seconds, settings.connections);
      const used = (before: number | null, after: number | null) =>
        before === null || after === null ? null : after - before;
      record(scenario, round, phase, result, {
        server: used(serverBefore, serverCpuMs(server!.pid)),
        database: used(databaseBefore, databaseCpuMs()),
      });
    };

    if (failures.length === 0) {
      for (const scenario of scenarios) await measure(scenario, 0, "warm-up");
      for (let round = 1; round <= settings.rounds; round += 1) {
        for (const scenario of scenarios) await measure(scenario, round, "measured");
      }
    }
    const afterRun = serverMemory(server.pid);

    // Graceful shutdown under load: SIGTERM arrives while B requests are in flight. The
    // server must answer what it accepted, flush the request-log queue, then exit.
    const authenticated = scenarios[1]!;
    const drainLoad = load(
      server,
      authenticated,
      settings.shutdownLoadSeconds,
      settings.connections,
    );
    await new Promise((resolve) => setTimeout(resolve, (settings.shutdownLoadSeconds * 1000) / 3));
    const shutdown = await stopServer(server);
    record(authenticated, 0, "shutdown", await drainLoad, { server: null, database: null });
    if (shutdown.exitCode !== 0) {
      failures.push(`The server exited with code ${shutdown.exitCode} after SIGTERM.`);
    }

    // Every answered B request must have its log row once the server has shut down.
    const bRuns = runs.filter((run) => run.scenario === "B");
    const sanityRequests = 1;
    const answered = sanityRequests + bRuns.reduce((sum, run) => sum + run.answered, 0);
    // With one request per connection at a time, at most `connections` requests per run
    // can be unanswered when its time is up (refused reconnects also count as "sent").
    const inFlightAtStop = bRuns.reduce(
      (sum, run) => sum + Math.min(settings.connections, Math.max(0, run.sent - run.answered)),
      0,
    );
    const { rows } = await client.query<{ rows: number; last_used: boolean }>(
      `SELECT (SELECT count(*)::int FROM api_request_logs WHERE token_id = $1::uuid) AS rows,
              (SELECT last_used_at IS NOT NULL FROM api_tokens WHERE id = $1::uuid) AS last_used`,
      [fixture.tokenId],
    );
    const logRows = rows[0]?.rows ?? 0;
    const lost = Math.max(0, answered - logRows);
    if (lost > 0) failures.push(`${lost} answered B requests have no request-log row.`);
    if (logRows > answered + inFlightAtStop) {
      failures.push(
        `${logRows} request-log rows for ${answered} answered B requests (+${inFlightAtStop} in flight): duplicates.`,
      );
    }
    const lastUsedUpdated = rows[0]?.last_used ?? false;
    if (!lastUsedUpdated) failures.push("The token's last-used time was never updated.");

    const measured = runs.length > 0 && failures.length === 0;
    const scenarioSummaries = measured
      ? scenarios.map((scenario) => summarize(scenario, runs))
      : [];
    const ratios = measured
      ? perRoundRatios(runs, settings.rounds)
      : { throughputBA: null, throughputCA: null, throughputCB: null, p99BA: null, perRound: [] };
    const summaryOf = (id: ScenarioId) => scenarioSummaries.find((summary) => summary.id === id);
    const serverCpuOf = (id: ScenarioId) => summaryOf(id)?.serverCpuMsPerRequest ?? null;
    const databaseCpuOf = (id: ScenarioId) => summaryOf(id)?.databaseCpuMsPerRequest ?? null;
    const totalCpuOf = (id: ScenarioId) => {
      const server = serverCpuOf(id);
      const database = databaseCpuOf(id);
      return server === null || database === null ? null : server + database;
    };
    const cpuRatio = (numerator: number | null, denominator: number | null) =>
      numerator === null || denominator === null ? null : ratio(numerator, denominator);
    const serverCpuBA = cpuRatio(serverCpuOf("B"), serverCpuOf("A"));
    const serverCpuCB = cpuRatio(serverCpuOf("C"), serverCpuOf("B"));
    const databaseCpuBA = cpuRatio(databaseCpuOf("B"), databaseCpuOf("A"));
    const databaseCpuCB = cpuRatio(databaseCpuOf("C"), databaseCpuOf("B"));
    const totalCpuBA = cpuRatio(totalCpuOf("B"), totalCpuOf("A"));
    const totalCpuCB = cpuRatio(totalCpuOf("C"), totalCpuOf("B"));
    // C must not cost more than B: judged on everything it costs (server and database) when
    // the database is local and measurable, else on the server alone.
    const cCostCB = totalCpuCB ?? serverCpuCB;

    await client.query("DELETE FROM organizations WHERE id = $1::uuid", [fixture.organizationId]);
    return {
      kind: "http",
      mode: options.quick ? "quick" : "full",
      startedAt: new Date().toISOString(),
      machine,
      loadAverageAfter: loadAverage(),
      buildId,
      settings: {
        ...settings,
        databasePoolMax: Number(process.env.DATABASE_POOL_MAX ?? 10),
        allowlistEntries: ALLOWLIST.length,
      },
      scenarios: scenarioSummaries,
      ratios: {
        ...ratios,
        serverCpuBA,
        serverCpuCB,
        databaseCpuBA,
        databaseCpuCB,
        totalCpuBA,
        totalCpuCB,
      },
      targets: {
        throughputBA: {
          target: `B/A ≥ ${TARGETS.throughputBA}`,
          met: (ratios.throughputBA ?? 0) >= TARGETS.throughputBA,
        },
        p99BA: {
          target: `p99 B/A ≤ ${TARGETS.p99BA}`,
          met: ratios.p99BA !== null && ratios.p99BA <= TARGETS.p99BA,
        },
        cNoMoreExpensiveThanB: {
          target:
            totalCpuCB === null
              ? "C's server CPU per request ≤ B's"
              : "C's server + database CPU per request ≤ B's",
          met: cCostCB !== null && cCostCB <= 1,
        },
      },
      memory: {
        afterStartMiB: afterStart.rssMiB,
        afterRunMiB: afterRun.rssMiB,
        peakMiB: afterRun.peakRssMiB,
      },
      requestLog: { rows: logRows, answered, inFlightAtStop, lost },
      lastUsedUpdated,
      shutdown,
      runs,
      failures,
    };
  } finally {
    process.removeListener("SIGINT", stopOnSignal);
    if (server && server.child.exitCode === null) server.child.kill("SIGKILL");
    await client.end();
  }
}

export function printHttpSummary(result: HttpBenchResult): void {
  const { settings } = result;
  console.log(
    `\nHTTP benchmark (${result.mode}): ${settings.rounds} round(s) × ${settings.durationSeconds} s per scenario, ${settings.connections} connections, interleaved A B C`,
  );
  if (result.scenarios.length > 0) {
    console.log(
      `${"Scenario".padEnd(40)} ${"req/s".padStart(8)} ${"p50 ms".padStart(8)} ${"p99 ms".padStart(8)} ${"CPU ms/req".padStart(11)} ${"DB CPU ms/req".padStart(14)}`,
    );
    for (const scenario of result.scenarios) {
      console.log(
        `${`${scenario.id}  ${scenario.label}`.padEnd(40)} ${String(scenario.requestsPerSecond).padStart(8)} ${String(scenario.p50Ms).padStart(8)} ${String(scenario.p99Ms).padStart(8)} ${String(scenario.serverCpuMsPerRequest).padStart(11)} ${String(scenario.databaseCpuMsPerRequest).padStart(14)}`,
      );
    }
    const mark = (met: boolean) => (met ? "met" : "MISSED");
    const { ratios, targets } = result;
    console.log(
      `Throughput B/A ${ratios.throughputBA} (${targets.throughputBA.target}: ${mark(targets.throughputBA.met)})`,
    );
    console.log(`p99 B/A ${ratios.p99BA} (${targets.p99BA.target}: ${mark(targets.p99BA.met)})`);
    console.log(
      `Throughput C/A ${ratios.throughputCA}, C/B ${ratios.throughputCB}; CPU per request B/A server ${ratios.serverCpuBA}, database ${ratios.databaseCpuBA}, both ${ratios.totalCpuBA}; C/B server ${ratios.serverCpuCB}, database ${ratios.databaseCpuCB}, both ${ratios.totalCpuCB} (${targets.cNoMoreExpensiveThanB.target}: ${mark(targets.cNoMoreExpensiveThanB.met)})`,
    );
  }
  const { memory, requestLog } = result;
  console.log(
    `Server memory: ${memory.afterStartMiB} MiB after start, ${memory.afterRunMiB} MiB after the run (peak ${memory.peakMiB} MiB)`,
  );
  console.log(
    `Request log: ${requestLog.rows} rows for ${requestLog.answered} answered B requests (${requestLog.inFlightAtStop} more were in flight when runs ended), ${requestLog.lost} lost`,
  );
  console.log(
    `Graceful shutdown: exit code ${result.shutdown.exitCode} in ${result.shutdown.seconds} s; load average ${result.machine.loadAverage.join(" ")} → ${result.loadAverageAfter.join(" ")}`,
  );
}
