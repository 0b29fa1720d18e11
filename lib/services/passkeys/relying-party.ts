import "server-only";
import { isIP } from "node:net";
import { config, publicUrl } from "@/lib/config";

/** Who the passkeys are for: the name an authenticator shows, its RP ID and origin. */
export interface RelyingParty {
  name: string;
  /** The public URL's host name: passkeys are bound to it and work on no other site. */
  id: string;
  /** The public URL's origin, the only one an assertion may come from. */
  origin: string;
}

/**
 * From the configured public URL (NEXTAUTH_URL), never from the request's Host or
 * X-Forwarded-Host, which a client chooses: a passkey created for a forged host would be
 * bound to that host, and one presented through it would be accepted for ours.
 */
export function relyingParty(): RelyingParty {
  const url = new URL(publicUrl(config()));
  return { name: "MailShield", id: url.hostname, origin: url.origin };
}

/**
 * Browsers accept only a domain name as RP ID, never an IP address: a dashboard served
 * at http://192.0.2.10 cannot offer passkeys, and the pages say so instead of failing.
 */
export function passkeysAvailable(): boolean {
  const host = relyingParty().id.replace(/^\[|\]$/g, "");
  return isIP(host) === 0;
}
