import { assertReadyToServe, ConfigError, config, emailOffWarning } from "@/lib/config";

// Loaded by instrumentation.ts on the Node.js runtime only (it uses process.exit and
// stderr, which the Edge runtime lacks).
export function checkConfigurationOrExit(): void {
  try {
    assertReadyToServe(config());
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    // Not through the logger: it is configured by the very values that were refused.
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}

/**
 * Production without SMTP_URL starts, and says at once that email is off and what that
 * disables (verification, password reset), rather than leaving people to find out.
 */
export async function warnWhenEmailIsOff(): Promise<void> {
  const warning = emailOffWarning(config());
  if (!warning) return;
  const { logger } = await import("@/lib/logger");
  logger().warn(warning);
}

/**
 * Runs the scheduled jobs (lib/jobs) inside this server unless JOBS_WORKER=off. A worker
 * that cannot start is logged, not fatal: the app serves requests without it.
 */
export async function startInProcessJobWorker(): Promise<void> {
  if (config().JOBS_WORKER === "off") return;
  const [{ startJobWorker }, { registerShutdownHook }, { logger }] = await Promise.all([
    import("@/lib/jobs/worker"),
    import("@/lib/shutdown-hooks"),
    import("@/lib/logger"),
  ]);
  try {
    const worker = await startJobWorker();
    registerShutdownHook("job-worker", () => worker.stop());
  } catch (error) {
    logger().error({ error }, "job worker did not start; scheduled jobs will not run here");
  }
}

/**
 * Builds this instance's set of live tokens (lib/api/live-tokens.ts) in the background, so
 * that a client IP blocked for failed authentications keeps its valid tokens. Until it is
 * built, or if it cannot be, the API falls back to the tokens that recently worked here.
 */
export async function startLiveTokenSet(): Promise<void> {
  const [{ startLiveTokens }, { logger }] = await Promise.all([
    import("@/lib/api/live-tokens-instance"),
    import("@/lib/logger"),
  ]);
  try {
    startLiveTokens();
  } catch (error) {
    logger().error({ error }, "live-token set did not start; blocked IPs keep recent tokens only");
  }
}
