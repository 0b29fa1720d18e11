import { randomUUID } from "node:crypto";
import pg from "pg";
import { type ReverseProxy, startReverseProxy } from "../scripts/lib/processes.mjs";
import { createFixture, dropLeftovers, load, scenariosFor } from "./http";
import { databaseUrl, describeMachine, type MachineInfo } from "./lib/environment";
import { type RunningServer, startServer, stopServer } from "./lib/server";
import { median } from "./lib/stats";

// `npm run bench -- --scale-out`: scenario B (GET /api/v1/domains with a valid token)
// against one instance directly, one instance behind nginx and two instances behind nginx
// (round robin), on one PostgreSQL and Redis as in the README's deployment section. The
// three setups take turns round by round, so drift of the machine's speed hits them alike.
// On a machine with few cores two instances share the same CPUs: the ratio then shows the
// cost of the proxy and of a second process, not added capacity.

const SETTINGS = {
  connections: Number(process.env.BENCH_CONNECTIONS ?? 10),
  warmupSeconds: 3,
  durationSeconds: Number(process.env.BENCH_DURATION_SECONDS ?? 5),
  rounds: Number(process.env.BENCH_ROUNDS ?? 5),
};

type SetupId = "one instance, direct" | "one instance, nginx" | "two instances, nginx";

export interface ScaleOutRun {
  setup: SetupId;
  round: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Answers other than 200 and requests without an answer (a broken setup, not a slow one). */
  errors: number;
  statusCodes: Record<string, number>;
}

export interface ScaleOutResult {
  kind: "scale-out";
  startedAt: string;
  machine: MachineInfo;
  settings: typeof SETTINGS;
  runs: ScaleOutRun[];
  summary: Array<{
    setup: SetupId;
    medianRequestsPerSecond: number;
    medianP99Ms: number;
    /** The median over rounds of this setup's requests/s over the direct instance's. */
    medianRatioToDirect: number;
  }>;
}

export async function runScaleOut(): Promise<ScaleOutResult> {
  const startedAt = new Date().toISOString();
  const client = new pg.Client({ connectionString: databaseUrl() });
  await client.connect();
  const basePort = Number(process.env.BENCH_PORT ?? 3107);
  const instances: RunningServer[] = [];
  const proxies: ReverseProxy[] = [];
  try {
    const machine = await describeMachine(client);
    await dropLeftovers(client);
    const scenario = scenariosFor(await createFixture(client)).find((item) => item.id === "B")!;
    const env = {
      TRUST_PROXY_HOPS: "1",
      REDIS_URL: process.env.REDIS_URL ?? "redis://127.0.0.1:6379",
      REDIS_KEY_PREFIX: `mailshield-bench:${randomUUID()}:`,
    };
    for (const offset of [1, 2]) {
      instances.push(
        await startServer({ port: basePort + offset, databaseUrl: databaseUrl(), env }),
      );
    }
    const upstream = (server: RunningServer) => new URL(server.baseUrl).host;
    proxies.push(
      await startReverseProxy({ port: basePort + 3, upstreams: [upstream(instances[0]!)] }),
      await startReverseProxy({ port: basePort + 4, upstreams: instances.map(upstream) }),
    );
    const setups: Array<{ id: SetupId; baseUrl: string }> = [
      { id: "one instance, direct", baseUrl: instances[0]!.baseUrl },
      { id: "one instance, nginx", baseUrl: proxies[0]!.url },
      { id: "two instances, nginx", baseUrl: proxies[1]!.url },
    ];
    const runs: ScaleOutRun[] = [];
    for (const setup of setups)
      await load(setup, scenario, SETTINGS.warmupSeconds, SETTINGS.connections);
    for (let round = 1; round <= SETTINGS.rounds; round += 1) {
      for (const setup of setups) {
        const result = await load(setup, scenario, SETTINGS.durationSeconds, SETTINGS.connections);
        const ok = result.statusCodeStats["200"]?.count ?? 0;
        const answered = Object.values(result.statusCodeStats).reduce((sum, s) => sum + s.count, 0);
        const run: ScaleOutRun = {
          setup: setup.id,
          round,
          requestsPerSecond: Math.round((answered / result.duration) * 10) / 10,
          p50Ms: result.latency.p50,
          p99Ms: result.latency.p99,
          errors: answered - ok + result.errors,
          statusCodes: Object.fromEntries(
            Object.entries(result.statusCodeStats).map(([code, stats]) => [code, stats.count]),
          ),
        };
        runs.push(run);
        console.log(
          `  round ${round} ${setup.id}: ${run.requestsPerSecond} req/s, p50 ${run.p50Ms} ms, p99 ${run.p99Ms} ms, errors ${run.errors}`,
        );
        if (run.errors > 0) {
          console.log(`    statuses ${JSON.stringify(run.statusCodes)}`);
          for (const instance of instances) console.log(instance.output().slice(-3_000));
          throw new Error(`${setup.id} answered ${run.errors} requests with errors`);
        }
      }
    }
    const direct = runs.filter((run) => run.setup === setups[0]!.id);
    const summary = setups.map(({ id }) => {
      const mine = runs.filter((run) => run.setup === id);
      // Ratios within a round: the machine's speed drifts between rounds far more than
      // within one.
      const ratios = mine.map(
        (run, index) => run.requestsPerSecond / direct[index]!.requestsPerSecond,
      );
      return {
        setup: id,
        medianRequestsPerSecond: median(mine.map((run) => run.requestsPerSecond)),
        medianP99Ms: median(mine.map((run) => run.p99Ms)),
        medianRatioToDirect: Math.round(median(ratios) * 100) / 100,
      };
    });
    return {
      kind: "scale-out",
      startedAt,
      machine,
      settings: SETTINGS,
      runs,
      summary,
    };
  } finally {
    for (const proxy of proxies) await proxy.stop();
    for (const instance of instances) await stopServer(instance);
    await dropLeftovers(client);
    await client.end();
  }
}
