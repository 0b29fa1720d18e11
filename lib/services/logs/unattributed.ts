import "server-only";
import { logger } from "@/lib/logger";
import { registerShutdownHook } from "@/lib/shutdown-hooks";

// Requests that present no token, a malformed one, or one that matches no stored token
// belong to no customer, so they never reach api_request_logs. Neither do requests from a
// client IP blocked for repeated failed authentication: they are refused before any token
// lookup, which is what keeps that flood cheap, so nothing attributes them. Operators still need to see
// them (a misconfigured integration, or someone guessing tokens), so they are counted here
// and reported as one structured server-log line per minute. The presented value is never
// kept; a line per request would turn the 401 path into a log-flooding amplifier.

export type UnattributedReason = "missing_or_malformed" | "unknown_token" | "blocked_ip";

const REPORT_INTERVAL_MS = 60_000;

interface CounterState {
  counts: Record<UnattributedReason, number>;
  timer: ReturnType<typeof setTimeout> | null;
}

function emptyCounts(): Record<UnattributedReason, number> {
  return { missing_or_malformed: 0, unknown_token: 0, blocked_ip: 0 };
}

const globalForCounter = globalThis as typeof globalThis & {
  __mailshieldUnattributed?: CounterState;
};
globalForCounter.__mailshieldUnattributed ??= {
  counts: emptyCounts(),
  timer: null,
};
const state: CounterState = globalForCounter.__mailshieldUnattributed;

export function countUnattributedRequest(reason: UnattributedReason): void {
  state.counts[reason] += 1;
  if (!state.timer) {
    state.timer = setTimeout(reportUnattributedRequests, REPORT_INTERVAL_MS);
    state.timer.unref?.();
  }
}

/** Current counts since the last report (for tests). */
export function unattributedRequestCounts(): Readonly<Record<UnattributedReason, number>> {
  return { ...state.counts };
}

export function reportUnattributedRequests(): void {
  if (state.timer) clearTimeout(state.timer);
  state.timer = null;
  const { missing_or_malformed, unknown_token, blocked_ip } = state.counts;
  if (missing_or_malformed + unknown_token + blocked_ip === 0) return;
  logger().info(
    {
      missingOrMalformedToken: missing_or_malformed,
      unknownToken: unknown_token,
      refusedFromBlockedIp: blocked_ip,
    },
    "unattributed api requests",
  );
  state.counts = emptyCounts();
}

registerShutdownHook("unattributed-request-counts", async () => reportUnattributedRequests());
