import "server-only";
import { config, publicUrl } from "@/lib/config";

/**
 * An absolute link to a dashboard `path` for an email: always on the configured public
 * URL (NEXTAUTH_URL), never on the Host or X-Forwarded-Host of the request that caused the
 * email, which the client chooses.
 */
export function dashboardLink(path: string): string {
  return new URL(path, publicUrl(config())).href;
}
