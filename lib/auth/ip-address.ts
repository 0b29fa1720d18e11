import ipaddr from "ipaddr.js";

// IPv6 text parsing, once for the allowlist, the client address and the log filter. Free of
// server imports: the token form parses allowlists in the browser too.

/**
 * Parses an IPv6 address (no zone id). A dotted IPv4 tail is read as the two 16-bit groups it
 * spells, as RFC 4291 defines it: ipaddr.js on its own turns the deprecated IPv4-compatible
 * `::a.b.c.d` into the IPv4-mapped `::ffff:a.b.c.d`, which would make `::127.0.0.1` match an
 * IPv4 allowlist entry for 127.0.0.1. Only `::ffff:a.b.c.d` stands for IPv4. The tail must be
 * four plain decimal octets (no `010` or `0x0a`). Null for anything else.
 */
export function parseIpv6(text: string): ipaddr.IPv6 | null {
  if (text.includes("%") || !ipaddr.IPv6.isValid(text)) return null;
  const lastColon = text.lastIndexOf(":");
  const tail = text.slice(lastColon + 1);
  if (!tail.includes(".")) return ipaddr.IPv6.parse(text);
  if (!ipaddr.IPv4.isValidFourPartDecimal(tail)) return null;
  const [a = 0, b = 0, c = 0, d = 0] = ipaddr.IPv4.parse(tail).octets;
  const groups = `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  return ipaddr.IPv6.parse(`${text.slice(0, lastColon + 1)}${groups}`);
}

/**
 * Whether `text` is written in the deprecated IPv4-compatible form: the first 96 bits zero
 * and the rest as a dotted IPv4 address (`::127.0.0.1`). Such an address is IPv6.
 */
export function isIpv4CompatibleForm(text: string, address: ipaddr.IPv6): boolean {
  return text.includes(".") && address.parts.slice(0, 6).every((part) => part === 0);
}
