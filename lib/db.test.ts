import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { config } from "@/lib/config";
import { createDbClient } from "@/lib/db";

// A burst that fills the pool queues everything behind it. A transaction must wait for its
// connection as long as a plain query does (DATABASE_CONNECT_TIMEOUT_MS, 5 s by default),
// not Prisma's own default of 2 s, with which the writes of a burst answered 503 while the
// reads queued beside them succeeded. Shown without waiting seconds: on a one-connection
// pool, a client made with a 400 ms timeout waits that long for a connection and no longer,
// where Prisma's default would wait 2 s (the pool itself would wait 5 s).
const CONNECT_TIMEOUT_MS = 400;
const pool = new pg.Pool({
  connectionString: config().DATABASE_URL,
  max: 1,
  connectionTimeoutMillis: 5_000,
});
const client = createDbClient(pool, CONNECT_TIMEOUT_MS);

afterAll(async () => {
  await client.$disconnect();
  await pool.end();
});

async function withConnectionHeldFor<T>(ms: number, run: () => Promise<T>): Promise<T> {
  const held = await pool.connect();
  let released = false;
  const release = () => {
    if (!released) held.release();
    released = true;
  };
  const timer = setTimeout(release, ms);
  try {
    return await run();
  } finally {
    clearTimeout(timer);
    release();
  }
}

describe("the database client", () => {
  it("starts a transaction that waited for a connection within the connect timeout", async () => {
    const count = await withConnectionHeldFor(150, () =>
      client.$transaction((tx) => tx.organization.count()),
    );
    expect(count).toBeGreaterThanOrEqual(0);
  });

  it("gives up on a connection after its connect timeout, not Prisma's 2 s", async () => {
    const started = performance.now();
    await expect(
      withConnectionHeldFor(900, () => client.$transaction((tx) => tx.organization.count())),
    ).rejects.toThrow();
    expect(performance.now() - started).toBeLessThan(1_500);
  });
});
