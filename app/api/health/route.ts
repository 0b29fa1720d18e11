import { pingDatabase } from "@/lib/hot-path";
import { healthResponse } from "@/lib/services/health";

// Never cached or prerendered: each call must reach the database.
export const dynamic = "force-dynamic";

export function GET(): Promise<Response> {
  return healthResponse(pingDatabase);
}
