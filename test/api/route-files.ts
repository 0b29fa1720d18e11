import { readdirSync } from "node:fs";
import path from "node:path";

export const ROUTE_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;
export type RouteMethod = (typeof ROUTE_METHODS)[number];
export type RouteModule = Partial<Record<RouteMethod, (req: Request) => Promise<Response>>>;

/** Every route file under app/api/v1 with its URL path (dynamic segments in braces). */
export function apiRouteFiles(): Array<{ file: string; urlPath: string }> {
  const root = path.join(import.meta.dirname, "../../app/api/v1");
  const found: Array<{ file: string; urlPath: string }> = [];
  const walk = (dir: string, segments: string[]) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) walk(path.join(dir, entry.name), [...segments, entry.name]);
      else if (entry.name === "route.ts") {
        const urlPath = `/api/v1/${segments.map((s) => s.replace(/^\[(\w+)\]$/, "{$1}")).join("/")}`;
        found.push({ file: path.join(dir, entry.name), urlPath });
      }
    }
  };
  walk(root, []);
  return found;
}
