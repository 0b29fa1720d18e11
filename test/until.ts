/**
 * Resolves once `done` holds, checking every 50 ms; fails after `timeoutMs`. For work another
 * process or a poller does (pg-boss's workers), never for time to pass: tests move the
 * clock instead (test/clock.ts).
 */
export async function until(
  done: () => boolean | Promise<boolean>,
  timeoutMs = 5_000,
): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!(await done())) {
    if (performance.now() > deadline) throw new Error(`not done within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
