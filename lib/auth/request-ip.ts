import "server-only";
import { headers } from "next/headers";
import { clientIp } from "@/lib/auth/client-ip";

/**
 * The client's IP address for server actions and pages (for audit events), resolved the
 * same way as for API requests: from the header server.mjs stamps with the socket address,
 * or from X-Forwarded-For when TRUST_PROXY_HOPS says proxies are in front.
 */
export async function getRequestIp(): Promise<string | null> {
  return clientIp(await headers());
}
