import "server-only";
import { clock } from "@/lib/clock";
import { windowResetAt, windowStartOf } from "@/lib/rate-limit/store";
import type { RefusalReason } from "@/lib/refusal-reasons";
import type { RequestLogEntry } from "@/lib/services/logs/types";
import { flushRequestLogs, logApiRequest } from "@/lib/services/logs/writer";
import { registerShutdownHook } from "@/lib/shutdown-hooks";

/** A log entry of a refused request: it always says why. */
export type RefusedRequestEntry = RequestLogEntry & { refusalReason: RefusalReason };

export interface RefusalLogOptions {
  /** Refusals of one token written row by row per window; the rest are summarized. */
  loggedInFull: number;
  windowMs: number;
  /** Most tokens tracked at once; beyond it refusals are written in full (see record). */
  maxTrackedTokens: number;
  write: (entry: RequestLogEntry) => Promise<void>;
  now?: () => Date;
}

interface Summary {
  first: RefusedRequestEntry;
  count: number;
  lastAt: Date;
  addresses: Set<string>;
}

interface TokenWindow {
  windowStart: number;
  logged: number;
  summaries: Map<RefusalReason, Summary>;
}

// Distinct client IPs counted exactly per summary; more are reported as "at least".
const MAX_COUNTED_ADDRESSES = 100;
const RESOLVED = Promise.resolve();

/**
 * Bounds the rows refused requests of one token add to its organization's log. A leaked and
 * revoked token, or a token hammering past its plan limit, keeps being refused; logging each
 * refusal would let anyone holding it write rows into the victim's log without bound (from
 * many IPs, the failed-authentication limit per IP does not help).
 *
 * Per token and window (a minute), the first `loggedInFull` refusals are written as usual;
 * further ones are counted in memory per reason and written as one summarizing row per
 * token, reason and minute once the minute is over ("N more requests refused …"), so the
 * customer still sees every refusal counted. A token's refused rows per minute are at most
 * `loggedInFull` + one per reason, per instance. Memory is bounded by `maxTrackedTokens`
 * (only tokens found in the database get here); past it refusals are written in full.
 */
export class RefusalLog {
  private readonly tokens = new Map<string, TokenWindow>();
  private readonly now: () => Date;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly options: RefusalLogOptions) {
    this.now = options.now ?? clock.now;
  }

  /** Writes the entry, or counts it into its minute's summary. Resolves once queued. */
  record(entry: RefusedRequestEntry): Promise<void> {
    const windowStart = windowStartOf(this.now(), this.options.windowMs);
    let state = this.tokens.get(entry.tokenId);
    if (state && state.windowStart !== windowStart) {
      this.tokens.delete(entry.tokenId);
      void this.writeSummaries(state);
      state = undefined;
    }
    if (!state) {
      if (this.tokens.size >= this.options.maxTrackedTokens) {
        void this.flush();
        if (this.tokens.size >= this.options.maxTrackedTokens) return this.options.write(entry);
      }
      state = { windowStart, logged: 0, summaries: new Map() };
      this.tokens.set(entry.tokenId, state);
      this.ensureTimer();
    }
    if (state.logged < this.options.loggedInFull) {
      state.logged += 1;
      return this.options.write(entry);
    }
    const summary = state.summaries.get(entry.refusalReason);
    if (!summary) {
      state.summaries.set(entry.refusalReason, {
        first: entry,
        count: 1,
        lastAt: entry.createdAt,
        addresses: new Set([entry.clientIp]),
      });
    } else {
      summary.count += 1;
      summary.lastAt = entry.createdAt;
      if (summary.addresses.size < MAX_COUNTED_ADDRESSES) summary.addresses.add(entry.clientIp);
    }
    return RESOLVED;
  }

  /**
   * Writes the summaries of finished windows and forgets them; with `includeCurrentWindow`
   * (shutdown, tests) the current window's too, which starts its count afresh.
   */
  async flush(options: { includeCurrentWindow?: boolean } = {}): Promise<void> {
    const currentWindow = windowStartOf(this.now(), this.options.windowMs);
    const writes: Promise<void>[] = [];
    for (const [tokenId, state] of this.tokens) {
      if (state.windowStart >= currentWindow && !options.includeCurrentWindow) continue;
      this.tokens.delete(tokenId);
      writes.push(this.writeSummaries(state));
    }
    await Promise.all(writes);
  }

  private async writeSummaries(state: TokenWindow): Promise<void> {
    for (const summary of state.summaries.values()) await this.options.write(summaryRow(summary));
  }

  // One timer per window end while any token is tracked: it writes the finished minute's
  // summaries even if the token is never refused again.
  private ensureTimer(): void {
    if (this.timer) return;
    const now = this.now();
    const delay = windowResetAt(now, this.options.windowMs).getTime() - now.getTime() + 100;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.flush().finally(() => {
        if (this.tokens.size > 0) this.ensureTimer();
      });
    }, delay);
    this.timer.unref?.();
  }
}

/**
 * The row standing for the refusals not written one by one: the first such request's
 * method, path, IP, user agent and request id, the reason's status and code, the time of
 * the last one, and the count in the request summary.
 */
function summaryRow(summary: Summary): RequestLogEntry {
  const addresses = summary.addresses.size;
  const from =
    addresses >= MAX_COUNTED_ADDRESSES
      ? `at least ${addresses} IP addresses`
      : `${addresses} IP address${addresses === 1 ? "" : "es"}`;
  return {
    ...summary.first,
    createdAt: summary.lastAt,
    durationMs: 0,
    requestSummary: `${summary.count} more request${summary.count === 1 ? "" : "s"} refused for this reason in this minute, from ${from} (summarized in this row)`,
  };
}

export const REFUSALS_LOGGED_IN_FULL_PER_MINUTE = 20;

const globalForRefusals = globalThis as typeof globalThis & {
  __mailshieldRefusalLog?: RefusalLog;
};

/** The process-wide refusal log, writing through the request-log writer. */
export function refusalLog(): RefusalLog {
  globalForRefusals.__mailshieldRefusalLog ??= new RefusalLog({
    loggedInFull: REFUSALS_LOGGED_IN_FULL_PER_MINUTE,
    windowMs: 60_000,
    maxTrackedTokens: 10_000,
    write: logApiRequest,
  });
  return globalForRefusals.__mailshieldRefusalLog;
}

/** Writes every pending summary, the current minute's included, and waits until stored. */
export async function flushRefusalSummaries(): Promise<void> {
  await refusalLog().flush({ includeCurrentWindow: true });
  await flushRequestLogs();
}

registerShutdownHook("refusal-summaries", flushRefusalSummaries);
