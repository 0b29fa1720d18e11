import "server-only";
import { config } from "@/lib/config";
import { isDatabaseUnavailableError } from "@/lib/db-errors";
import { logger } from "@/lib/logger";
import type { RequestLogEntry } from "@/lib/services/logs/types";
import { registerShutdownHook } from "@/lib/shutdown-hooks";
import { insertRequestLogs } from "@/lib/sql";

// The request-log writer: callers hand entries to `logApiRequest` and move on; a single
// background loop writes them in batches. Entries are never dropped for being
// inconvenient: a failed batch is retried with backoff until the database takes it, and a
// full queue slows producers down (back-pressure) instead of discarding entries.

const FLUSH_INTERVAL_MS = 50;
const BATCH_SIZE = 500;
const MAX_QUEUE = 20_000;
const MAX_BACKOFF_MS = 5_000;

interface WriterState {
  queue: RequestLogEntry[];
  /** Producers waiting for room in a full queue, oldest first. */
  waiting: Array<{ entry: RequestLogEntry; admit: () => void }>;
  timer: ReturnType<typeof setTimeout> | null;
  draining: Promise<void> | null;
  consecutiveFailures: number;
}

// One writer per process, kept on globalThis so development's module re-evaluation cannot
// leave a second queue behind that nobody flushes.
const globalForWriter = globalThis as typeof globalThis & {
  __mailshieldRequestLogWriter?: WriterState;
};
globalForWriter.__mailshieldRequestLogWriter ??= {
  queue: [],
  waiting: [],
  timer: null,
  draining: null,
  consecutiveFailures: 0,
};
const state: WriterState = globalForWriter.__mailshieldRequestLogWriter;

const RESOLVED = Promise.resolve();

/**
 * Queues one entry for writing. The returned promise resolves as soon as the entry is
 * queued, which is immediately unless the queue is full; awaiting it is how a caller
 * feels back-pressure. Durability is reached later; `flushRequestLogs` waits for it.
 */
export function logApiRequest(entry: RequestLogEntry): Promise<void> {
  if (state.queue.length < MAX_QUEUE && state.waiting.length === 0) {
    state.queue.push(entry);
    scheduleFlush();
    return RESOLVED;
  }
  const admitted = new Promise<void>((admit) => state.waiting.push({ entry, admit }));
  void drain();
  return admitted;
}

/** Resolves once every entry queued before (and during) the call is in the database. */
export async function flushRequestLogs(): Promise<void> {
  while (state.queue.length > 0 || state.waiting.length > 0 || state.draining) {
    await drain();
  }
}

/** Entries not yet written (for tests and operators' diagnostics). */
export function pendingRequestLogCount(): number {
  return state.queue.length + state.waiting.length;
}

function scheduleFlush(): void {
  if (state.draining) return;
  if (state.queue.length >= BATCH_SIZE) {
    void drain();
    return;
  }
  if (state.timer) return;
  state.timer = setTimeout(() => {
    state.timer = null;
    void drain();
  }, FLUSH_INTERVAL_MS);
  state.timer.unref?.();
}

function drain(): Promise<void> {
  if (state.timer) {
    clearTimeout(state.timer);
    state.timer = null;
  }
  state.draining ??= drainLoop().finally(() => {
    state.draining = null;
    // Entries may have arrived while the last batch was in flight.
    if (state.queue.length > 0 || state.waiting.length > 0) scheduleFlush();
  });
  return state.draining;
}

async function drainLoop(): Promise<void> {
  admitWaiting();
  while (state.queue.length > 0) {
    const batch = state.queue.slice(0, BATCH_SIZE);
    const written = await writeBatch(batch);
    if (written) {
      state.queue.splice(0, batch.length);
      state.consecutiveFailures = 0;
      admitWaiting();
    } else {
      state.consecutiveFailures += 1;
      await sleep(backoffMs(state.consecutiveFailures));
    }
  }
}

function admitWaiting(): void {
  while (state.waiting.length > 0 && state.queue.length < MAX_QUEUE) {
    const next = state.waiting.shift()!;
    state.queue.push(next.entry);
    next.admit();
  }
}

/**
 * Writes a batch. Returns false when the database is unavailable (retry the same batch
 * later). Any other failure means some row itself is unacceptable (for example its token
 * was deleted in the meantime, taking its logs with it): the rows are then written one by
 * one so that a single bad row cannot block the queue, and only rows the database rejects
 * outright are reported to the server log and skipped.
 */
async function writeBatch(batch: RequestLogEntry[]): Promise<boolean> {
  try {
    await insertRequestLogs(batch);
    return true;
  } catch (error) {
    if (isDatabaseUnavailableError(error)) {
      reportFailure("request-log batch failed, will retry", error, batch.length);
      return false;
    }
  }
  for (const [index, entry] of batch.entries()) {
    try {
      await insertRequestLogs([entry]);
    } catch (error) {
      if (isDatabaseUnavailableError(error)) {
        reportFailure("request-log write failed, will retry", error, 1);
        // Rows written so far would be duplicated by a retry of the whole batch.
        state.queue.splice(0, index);
        return false;
      }
      logger().error({ entry, error }, "request-log entry rejected by the database");
    }
  }
  return true;
}

function reportFailure(msg: string, error: unknown, rows: number): void {
  logger().warn({ rows, attempt: state.consecutiveFailures + 1, error }, msg);
}

function backoffMs(failures: number): number {
  return Math.min(MAX_BACKOFF_MS, 100 * 2 ** Math.min(failures - 1, 10));
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Graceful shutdown: write everything queued. If the database stays unreachable past the
 * deadline, the remaining entries go to the server log as JSON lines (one per entry) so an
 * operator can still replay them; they are not silently lost.
 */
async function flushOnShutdown(): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<"timeout">((resolve) => {
    timer = setTimeout(() => resolve("timeout"), config().REQUEST_LOG_SHUTDOWN_TIMEOUT_MS);
  });
  const outcome = await Promise.race([flushRequestLogs().then(() => "flushed" as const), deadline]);
  clearTimeout(timer);
  if (outcome === "timeout") {
    for (const entry of [...state.queue, ...state.waiting.map((waiting) => waiting.entry)]) {
      logger().error({ entry }, "unwritten request-log entry");
    }
  }
}

registerShutdownHook("request-logs", flushOnShutdown);
