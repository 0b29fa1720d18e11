import "server-only";
import { db } from "@/lib/db";

// The health check's query, through Prisma on purpose: the HTTP benchmark's baseline A is
// this endpoint (docs/performance.md, components: 710 µs of CPU through Prisma, 216 µs on
// the pool), so moving it would change the floor every B/A ratio is measured against.

/** A trivial round trip to the database. */
export function pingDatabase(): Promise<unknown> {
  return db.$queryRaw`SELECT 1`;
}
