import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { config } from "@/lib/config";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { logger } from "@/lib/logger";

// The one PrismaClient of the process. It is kept on globalThis so that Next's dev
// server, which re-evaluates modules on every edit, does not open a new pool each time.
const globalForDb = globalThis as typeof globalThis & {
  __mailshieldDb?: PrismaClient;
  __mailshieldDbPool?: pg.Pool;
};

function createPool(): pg.Pool {
  const { DATABASE_URL: connectionString, NEXT_PHASE } = config();
  if (!connectionString && NEXT_PHASE !== "phase-production-build") {
    throw new Error(
      "DATABASE_URL is not set. Run the app with `npm start`, which starts the embedded database when DATABASE_URL is unset.",
    );
  }
  const pool = new pg.Pool({
    connectionString,
    max: config().DATABASE_POOL_MAX ?? 10,
    // Bounded waits so that a database outage turns into a quick 503, not a hung request.
    connectionTimeoutMillis: config().DATABASE_CONNECT_TIMEOUT_MS,
    idleTimeoutMillis: 30_000,
  });
  // An idle connection dropped by the server (restart, outage) must not crash the process;
  // the pool replaces it on the next checkout.
  pool.on("error", (error) => {
    logger().warn({ error }, "idle database connection lost");
  });
  return pool;
}

/**
 * The connection pool behind `db`. Prisma and the hand-written queries of lib/sql (token
 * authentication, the domain reads, the log writer) share it, so the process holds one
 * pool (the embedded database accepts a single connection) and those queries skip
 * Prisma's per-query overhead.
 */
export const dbPool: pg.Pool = globalForDb.__mailshieldDbPool ?? createPool();
globalForDb.__mailshieldDbPool = dbPool;

/**
 * A PrismaClient on `pool` whose transactions wait for a connection as long as any query
 * does (`connectTimeoutMs`, the pool's DATABASE_CONNECT_TIMEOUT_MS), not Prisma's default
 * of 2 s: under a burst that fills the pool, a write would otherwise answer 503 while a read
 * in the same queue still succeeds. Exported for lib/db.test.ts, which proves it on a
 * client with a short timeout instead of waiting out the real one.
 */
export function createDbClient(pool: pg.Pool, connectTimeoutMs: number): PrismaClient {
  return new PrismaClient({
    adapter: new PrismaPg(pool),
    transactionOptions: { maxWait: connectTimeoutMs },
  });
}

export const db: PrismaClient =
  globalForDb.__mailshieldDb ?? createDbClient(dbPool, config().DATABASE_CONNECT_TIMEOUT_MS);
globalForDb.__mailshieldDb = db;
