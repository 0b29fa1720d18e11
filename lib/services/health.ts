import "server-only";
/** How long the health check waits for the database before calling it unavailable. */
export const HEALTH_CHECK_TIMEOUT_MS = 2_500;

/**
 * True when `ping` (a trivial query such as `SELECT 1`) answers within the timeout.
 * Load balancers poll this, so it must answer quickly even when the database hangs
 * instead of refusing connections.
 */
export async function isDatabaseHealthy(
  ping: () => Promise<unknown>,
  timeoutMs = HEALTH_CHECK_TIMEOUT_MS,
): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  try {
    return await Promise.race([ping().then(() => true), timeout]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

const NO_STORE = { "Cache-Control": "no-store" };

/** The /api/health response: 200 {"status":"ok"} or 503 with the API's error shape. */
export async function healthResponse(ping: () => Promise<unknown>): Promise<Response> {
  if (await isDatabaseHealthy(ping)) {
    return Response.json({ status: "ok" }, { status: 200, headers: NO_STORE });
  }
  return Response.json(
    { error: { code: "service_unavailable", message: "Database unavailable" } },
    { status: 503, headers: NO_STORE },
  );
}
