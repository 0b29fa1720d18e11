import { db } from "@/lib/db";
import { healthResponse } from "@/lib/services/health";

// Never cached or prerendered: each call must reach the database.
export const dynamic = "force-dynamic";

export function GET(): Promise<Response> {
  return healthResponse(() => db.$queryRaw`SELECT 1`);
}
