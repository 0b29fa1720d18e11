import "server-only";
import { headers } from "next/headers";

/**
 * The origin the browser used for this request (server actions and pages), for absolute
 * links when NEXTAUTH_URL is not configured: X-Forwarded-Proto and -Host when a proxy set
 * them, else the Host header.
 */
export async function getRequestOrigin(): Promise<string> {
  const requestHeaders = await headers();
  const first = (name: string) => requestHeaders.get(name)?.split(",")[0]?.trim() || null;
  const host = first("x-forwarded-host") ?? first("host") ?? "localhost";
  const protocol = first("x-forwarded-proto") === "https" ? "https" : "http";
  return `${protocol}://${host}`;
}
