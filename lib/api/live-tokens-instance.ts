import "server-only";
import { LiveTokens } from "@/lib/api/live-tokens";
import { config } from "@/lib/config";
import { logger } from "@/lib/logger";
import { onNewToken } from "@/lib/services/tokens";
import { registerShutdownHook } from "@/lib/shutdown-hooks";
import { listenForNewTokens, loadLiveTokenPrefixes } from "@/lib/sql";

const globalForLiveTokens = globalThis as typeof globalThis & {
  __mailshieldLiveTokens?: LiveTokens;
};

/**
 * Starts this process's set of live tokens (once): the server does at start-up
 * (instrumentation-node.ts), so it is built before the first client IP gets blocked.
 *
 * With a pool of one connection (DATABASE_POOL_MAX=1, as `npm start` sets for the embedded
 * database, where every connection shares PGlite's one session) no connection can be held
 * for LISTEN: there is one instance, so the tokens this process creates are added directly
 * (lib/services/tokens/new-tokens.ts), and the periodic rebuild catches any other writer.
 */
export function startLiveTokens(): LiveTokens {
  const existing = globalForLiveTokens.__mailshieldLiveTokens;
  if (existing) return existing;
  const ownListener = config().DATABASE_POOL_MAX !== 1;
  const liveTokens = new LiveTokens({
    source: {
      load: (now) => loadLiveTokenPrefixes(now),
      listen: ownListener ? listenForNewTokens : null,
      onLocalToken: onNewToken,
    },
    rebuildIntervalMs: 15 * 60_000,
    retryDelayMs: 1_000,
    maxAddedBeforeRebuild: 100_000,
    onError: (error, what) => logger().warn({ error }, what),
  });
  globalForLiveTokens.__mailshieldLiveTokens = liveTokens;
  registerShutdownHook("live-tokens", () => liveTokens.stop());
  return liveTokens.start();
}

/** The process's set when it was started, else null (scripts and tests that do not). */
export function startedLiveTokens(): LiveTokens | null {
  return globalForLiveTokens.__mailshieldLiveTokens ?? null;
}
