import type pg from "pg";
import { describe, expect, it } from "vitest";
import { config } from "@/lib/config";
import { db, dbPool } from "@/lib/db";

// A burst that fills the pool queues everything behind it. A transaction must wait for its
// connection as long as a plain query does (DATABASE_CONNECT_TIMEOUT_MS, 5 s by default):
// with Prisma's own default of 2 s, the writes of a burst answered 503 while the reads
// queued beside them succeeded.
describe("the database client", () => {
  it("starts a transaction that waited longer than 2 s for a connection", async () => {
    expect(config().DATABASE_CONNECT_TIMEOUT_MS).toBeGreaterThan(2_600);
    const held: pg.PoolClient[] = [];
    for (let i = 0; i < dbPool.options.max; i += 1) held.push(await dbPool.connect());
    // Released a little after Prisma's default wait has run out.
    const releaseAll = () => {
      for (const client of held.splice(0)) client.release();
    };
    const timer = setTimeout(releaseAll, 2_300);
    try {
      const count = await db.$transaction((tx) => tx.organization.count());
      expect(count).toBeGreaterThanOrEqual(0);
    } finally {
      clearTimeout(timer);
      releaseAll();
    }
  });
});
