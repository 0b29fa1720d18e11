import { healthResponse } from "@/lib/services/health";
import { pingDatabase } from "@/lib/sql";

// Never cached or prerendered: each call must reach the database.
export const dynamic = "force-dynamic";

export function GET(): Promise<Response> {
  return healthResponse(pingDatabase);
}
