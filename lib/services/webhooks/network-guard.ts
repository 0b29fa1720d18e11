import "server-only";
import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from "node:dns";
import { isIP, type LookupFunction } from "node:net";
import ipaddr from "ipaddr.js";

// Where a webhook may connect. A URL names a host, but what matters is the address the
// connection is made to, decided at connection time: a name that resolved to a public
// address when the endpoint was saved may resolve to 127.0.0.1 or the cloud metadata
// service (169.254.169.254) later (DNS rebinding). So the check runs inside the socket's
// own lookup (the `lookup` option of the HTTP agent), on every address it returns, and
// for a URL that is an IP literal (which Node connects to without a lookup) before it.

/** ipaddr.js range names that are public; every other range is refused. */
const PUBLIC_RANGES = new Set(["unicast"]);

/** Whether `address` (IPv4 or IPv6 text) is a public unicast address. */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  let parsed = ipaddr.parse(address);
  // ::ffff:10.0.0.1 reaches 10.0.0.1; judge what it reaches.
  if (parsed.kind() === "ipv6" && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) {
    parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  }
  if (!PUBLIC_RANGES.has(parsed.range())) return false;
  // Ranges ipaddr.js calls unicast that are not the public internet: NAT64 and 6to4
  // prefixes embed any IPv4 address (including private ones), and Teredo likewise.
  if (parsed.kind() === "ipv6") {
    const [first = 0, second = 0] = (parsed as ipaddr.IPv6).parts;
    if (first === 0x64 && second === 0xff9b) return false;
    if (first === 0x2002 || (first === 0x2001 && second === 0)) return false;
  }
  return true;
}

export class PrivateAddressError extends Error {
  name = "PrivateAddressError";
  constructor(address: string) {
    super(`Refused to connect to ${address}: not a public address`);
  }
}

/** Throws PrivateAddressError when `hostname` is an IP literal that is not public. */
export function assertPublicLiteral(hostname: string): void {
  const bare = hostname.replace(/^\[|\]$/g, "");
  if (isIP(bare) !== 0 && !isPublicAddress(bare)) throw new PrivateAddressError(bare);
}

/** dns.lookup, failing the connection when any resolved address is not public. */
export const publicOnlyLookup: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, { ...(options as LookupOptions), all: true }, (error, addresses) => {
    if (error) return callback(error, "", 0);
    const list = addresses as LookupAddress[];
    const refused = list.find((entry) => !isPublicAddress(entry.address));
    if (refused) return callback(new PrivateAddressError(refused.address), "", 0);
    if ((options as LookupOptions).all) {
      return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, list);
    }
    const [first] = list;
    if (!first) return callback(new Error(`No address for ${hostname}`), "", 0);
    callback(null, first.address, first.family);
  });
};
