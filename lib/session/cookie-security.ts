import "server-only";
import { headers } from "next/headers";
import { config } from "@/lib/config";

/**
 * Whether cookies MailShield sets itself should be `Secure`: exactly when next-auth's own
 * are. NEXTAUTH_URL's scheme when set, else HTTPS unless the request arrived as plain HTTP
 * (X-Forwarded-Proto, which Next sets from the connection or a TLS proxy).
 */
export async function cookiesAreSecure(): Promise<boolean> {
  const configured = config().NEXTAUTH_URL;
  if (configured) return configured.startsWith("https://");
  const forwardedProto = (await headers()).get("x-forwarded-proto")?.split(",")[0]?.trim();
  return forwardedProto !== "http";
}
