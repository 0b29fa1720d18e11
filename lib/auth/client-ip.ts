import "server-only";
import { isIP } from "node:net";
import { parseIpv6 } from "@/lib/auth/ip-address";
import { config } from "@/lib/config";

/**
 * The header that server.mjs overwrites with the TCP peer address of every request. Any
 * value a client sends under this name is discarded by the server before Next sees it.
 */
export const CLIENT_IP_HEADER = "x-mailshield-client-ip";

export interface ClientIpOptions {
  /**
   * How many reverse proxies in front of the app append to X-Forwarded-For and can be
   * trusted. 0 (the default) ignores X-Forwarded-For entirely, so it cannot be spoofed.
   */
  trustProxyHops?: number;
}

type HeaderSource = Pick<Headers, "get">;

/**
 * The address of the client that made the request, IPv4-mapped IPv6 (`::ffff:1.2.3.4`)
 * reported as plain IPv4, or null when it cannot be determined.
 *
 * With `trustProxyHops = N > 0` the client is the entry N positions from the right of
 * X-Forwarded-For: each trusted proxy appends the address it received the request from,
 * so entries further left were written by the client itself and prove nothing. When the
 * header has fewer than N entries, the leftmost one is used (the request passed through
 * fewer proxies than configured, and the leftmost entry was still written by one of them);
 * with no usable entry at all the socket address is used.
 */
export function clientIp(headers: HeaderSource, options: ClientIpOptions = {}): string | null {
  const hops = options.trustProxyHops ?? trustProxyHopsFromEnv();
  const socketAddress = normalizeIp(headers.get(CLIENT_IP_HEADER));
  if (hops <= 0) return socketAddress;

  const forwarded = parseForwardedFor(headers.get("x-forwarded-for"));
  if (forwarded.length === 0) return socketAddress;
  const index = Math.max(0, forwarded.length - hops);
  return normalizeIp(forwarded[index] ?? null) ?? socketAddress;
}

function trustProxyHopsFromEnv(): number {
  return config().TRUST_PROXY_HOPS;
}

// Proxies join repeated headers with commas, so one list covers both forms.
function parseForwardedFor(value: string | null): string[] {
  if (!value) return [];
  return value
    .split(",")
    .map((entry) => entry.trim())
    .filter((entry) => entry.length > 0);
}

/**
 * Canonical text form of an address: lower-case compressed IPv6, IPv4-mapped IPv6 turned
 * into IPv4 (only `::ffff:a.b.c.d`: the IPv4-compatible `::a.b.c.d` is IPv6), and an
 * optional port (`1.2.3.4:5678`, `[2001:db8::1]:443`) removed, as some proxies write one.
 * Anything that is not an IP address yields null.
 */
export function normalizeIp(value: string | null): string | null {
  if (!value) return null;
  const address = stripPort(value.trim());
  const family = isIP(address);
  if (family === 4) return address;
  if (family !== 6) return null;
  // A link-local address keeps its zone id (fe80::1%eth0), as the socket reported it.
  const percent = address.indexOf("%");
  const zone = percent === -1 ? "" : address.slice(percent);
  const ipv6 = parseIpv6(percent === -1 ? address : address.slice(0, percent));
  if (!ipv6) return null;
  return ipv6.isIPv4MappedAddress() ? ipv6.toIPv4Address().toString() : `${ipv6}${zone}`;
}

function stripPort(value: string): string {
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(value);
  if (bracketed?.[1]) return bracketed[1];
  const ipv4WithPort = /^(\d{1,3}(?:\.\d{1,3}){3}):\d+$/.exec(value);
  if (ipv4WithPort?.[1]) return ipv4WithPort[1];
  return value;
}
