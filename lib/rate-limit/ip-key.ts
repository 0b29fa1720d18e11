import "server-only";
import ipaddr from "ipaddr.js";

/**
 * The rate-limit key for a client address. IPv4 addresses count one by one; IPv6 addresses
 * count per /64, because a single host or customer is routinely given a whole /64 and could
 * otherwise pick a fresh address for every attempt.
 */
export function rateLimitKeyForIp(ip: string | null): string {
  if (!ip) return "unknown";
  if (!ipaddr.isValid(ip)) return ip;
  const address = ipaddr.parse(ip);
  if (address.kind() === "ipv4") return address.toString();
  const ipv6 = address as ipaddr.IPv6;
  if (ipv6.isIPv4MappedAddress()) return ipv6.toIPv4Address().toString();
  const prefix = ipv6.parts
    .slice(0, 4)
    .map((part) => part.toString(16))
    .join(":");
  return `${prefix}::/64`;
}
