import "server-only";
import { db } from "@/lib/db";

// The health check's query, through Prisma on purpose (the one request-path statement that
// is: lib/sql/index.ts says what that costs): the HTTP benchmark's baseline A is this
// endpoint, so moving it would change the floor every B/A ratio is measured against.

/** A trivial round trip to the database. */
export function pingDatabase(): Promise<unknown> {
  return db.$queryRaw`SELECT 1`;
}
