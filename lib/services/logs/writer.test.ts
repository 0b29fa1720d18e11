import { afterEach, describe, expect, it, vi } from "vitest";
import { generateApiToken } from "@/lib/auth/token";
import { db, dbPool } from "@/lib/db";
import { requestLogEntry } from "@/lib/services/logs/test-fixtures";
import {
  flushRequestLogs,
  logApiRequest,
  pendingRequestLogCount,
} from "@/lib/services/logs/writer";
import { createTestOrganization, uniqueSuffix } from "@/test/factories";

// The writer's no-loss promises beyond "N requests → N rows" (covered by the API's request
// logging tests): a full queue slows producers down instead of dropping entries, and the
// shutdown hook that server.mjs runs on SIGTERM writes everything still queued.

/** Must match the writer's queue bound: the test fills the queue past it. */
const MAX_QUEUE = 20_000;

type ShutdownHook = () => Promise<void>;

afterEach(() => {
  vi.restoreAllMocks();
});

async function createLoggedToken() {
  const organization = await createTestOrganization({ plan: "PRO" });
  const { tokenHash, lastFour } = generateApiToken();
  const token = await db.apiToken.create({
    data: {
      organizationId: organization.id,
      name: `writer ${uniqueSuffix()}`,
      tokenHash,
      lastFour,
    },
  });
  return { organizationId: organization.id, tokenId: token.id };
}

/**
 * Holds every request-log insert until `release` is called, as a slow database would.
 * The writer inserts through the shared pool; other queries pass straight through.
 */
function holdLogInserts(): { release: () => void } {
  const query = dbPool.query.bind(dbPool) as (...args: unknown[]) => Promise<unknown>;
  let release!: () => void;
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  const isLogInsert = (config: unknown) => {
    const text = typeof config === "string" ? config : (config as { text?: string })?.text;
    return typeof text === "string" && text.includes("INSERT INTO api_request_logs");
  };
  vi.spyOn(dbPool, "query").mockImplementation(((...args: unknown[]) =>
    isLogInsert(args[0])
      ? gate.then(() => query(...args))
      : query(...args)) as unknown as typeof dbPool.query);
  return { release };
}

function tick(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 20));
}

describe("request-log writer under pressure", () => {
  it("makes producers wait when the queue is full, then writes every entry", async () => {
    const target = await createLoggedToken();
    const { release } = holdLogInserts();
    const overflow = 50;

    const admitted: boolean[] = [];
    const queued = Array.from({ length: MAX_QUEUE + overflow }, (_, index) =>
      logApiRequest(requestLogEntry(target, `/pressure/${index}`)).then(() => {
        admitted[index] = true;
      }),
    );
    await tick();

    // The queue holds its maximum; the producers beyond it are waiting, not dropped.
    expect(pendingRequestLogCount()).toBe(MAX_QUEUE + overflow);
    expect(admitted.filter(Boolean).length).toBe(MAX_QUEUE);
    expect(admitted[MAX_QUEUE + overflow - 1]).toBeUndefined();

    release();
    await Promise.all(queued);
    await flushRequestLogs();
    expect(pendingRequestLogCount()).toBe(0);
    expect(await db.apiRequestLog.count({ where: { tokenId: target.tokenId } })).toBe(
      MAX_QUEUE + overflow,
    );
  }, 120_000);

  it("writes everything queued when the shutdown hook runs, including late entries", async () => {
    const target = await createLoggedToken();
    const { release } = holdLogInserts();
    for (let index = 0; index < 1_000; index += 1) {
      void logApiRequest(requestLogEntry(target, `/shutdown/${index}`));
    }

    // server.mjs runs every registered hook after the last response; the writer's is one.
    const hooks = (globalThis as { __mailshieldShutdownHooks?: ShutdownHook[] })
      .__mailshieldShutdownHooks;
    expect(hooks?.length).toBeGreaterThan(0);
    const shutdown = Promise.allSettled(hooks!.map((hook) => hook()));
    // A request that finished just as the signal arrived is still written.
    for (let index = 0; index < 100; index += 1) {
      void logApiRequest(requestLogEntry(target, `/late/${index}`));
    }
    release();
    const outcomes = await shutdown;

    expect(outcomes.every((outcome) => outcome.status === "fulfilled")).toBe(true);
    expect(pendingRequestLogCount()).toBe(0);
    expect(await db.apiRequestLog.count({ where: { tokenId: target.tokenId } })).toBe(1_100);
  }, 60_000);
});
