import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/generated/prisma/client";

// The one PrismaClient of the process. It is kept on globalThis so that Next's dev
// server, which re-evaluates modules on every edit, does not open a new pool each time.
const globalForDb = globalThis as typeof globalThis & { __mailshieldDb?: PrismaClient };

function poolSize(): number {
  const configured = Number(process.env.DATABASE_POOL_MAX);
  return Number.isInteger(configured) && configured > 0 ? configured : 10;
}

function createDb(): PrismaClient {
  const connectionString = process.env.DATABASE_URL;
  if (!connectionString && process.env.NEXT_PHASE !== "phase-production-build") {
    throw new Error(
      "DATABASE_URL is not set. Run the app with `npm start`, which starts the embedded database when DATABASE_URL is unset.",
    );
  }
  const adapter = new PrismaPg({
    connectionString,
    max: poolSize(),
    // Bounded waits so that a database outage turns into a quick 503, not a hung request.
    connectionTimeoutMillis: Number(process.env.DATABASE_CONNECT_TIMEOUT_MS ?? 5_000),
    idleTimeoutMillis: 30_000,
  });
  return new PrismaClient({ adapter });
}

export const db: PrismaClient = globalForDb.__mailshieldDb ?? createDb();
globalForDb.__mailshieldDb = db;
