import ipaddr from "ipaddr.js";
import { isIpv4CompatibleForm, parseIpv6 } from "@/lib/auth/ip-address";

// Parsing and matching of token IP allowlists. This module is imported by the token form
// in the browser as well as by the API authentication on the server, so it must stay free
// of server-only imports.

/** A token's allowlist holds at most this many entries. */
export const MAX_IP_ALLOWLIST_ENTRIES = 100;

/**
 * Upper bound on the raw textarea input. 100 of the longest IPv6 CIDR ranges with
 * separators fit comfortably; anything longer is a paste accident, not an allowlist.
 */
export const MAX_IP_ALLOWLIST_INPUT_LENGTH = 10_000;

/** Invalid entries are listed individually up to this many; the rest are counted. */
const MAX_REPORTED_INVALID_ENTRIES = MAX_IP_ALLOWLIST_ENTRIES;

/** Long garbage is cut in error messages so one bad paste cannot flood the form. */
const MAX_QUOTED_VALUE_LENGTH = 60;

export type ParsedIpAllowlist = { entries: string[] } | { errors: string[] };

type EntryResult = { entry: string } | { error: string };

/** The textarea's too-long message (MAX_IP_ALLOWLIST_INPUT_LENGTH). */
export const IP_ALLOWLIST_TOO_LONG_MESSAGE = `The IP allowlist is too long (at most ${MAX_IP_ALLOWLIST_INPUT_LENGTH.toLocaleString("en-US")} characters)`;

/** The allowlist textarea's entries: separated by commas, whitespace or new lines. */
export function ipAllowlistEntriesOf(text: string): string[] {
  return text.split(/[\s,]+/).filter((value) => value !== "");
}

/**
 * Parses the allowlist textarea: IPv4/IPv6 addresses and CIDR ranges separated by commas,
 * whitespace or new lines (ipAllowlistEntriesOf), then parseIpAllowlistEntries.
 */
export function parseIpAllowlist(input: string): ParsedIpAllowlist {
  if (input.length > MAX_IP_ALLOWLIST_INPUT_LENGTH) {
    return { errors: [IP_ALLOWLIST_TOO_LONG_MESSAGE] };
  }
  return parseIpAllowlistEntries(ipAllowlistEntriesOf(input));
}

/**
 * Parses a list of entries, each one address or CIDR range. On success returns normalized
 * CIDR strings (a bare address becomes /32 or /128, IPv4-mapped IPv6 becomes IPv4,
 * duplicates are dropped, input order is kept). On failure returns one message per problem
 * and nothing is to be saved. An entry is never split: `10.0.0.1 10.0.0.2` is one invalid
 * entry.
 *
 * A CIDR range with host bits set (`10.0.0.5/24`) is rejected rather than silently
 * widened or narrowed: the user may have meant the single address or the network, and
 * guessing wrong either locks out their integration or opens the token to more addresses.
 */
export function parseIpAllowlistEntries(values: readonly string[]): ParsedIpAllowlist {
  const entries = new Set<string>();
  const invalidValues = new Set<string>();
  const entryErrors: string[] = [];

  for (const value of values) {
    if (invalidValues.has(value)) continue;
    const result = parseIpAllowlistEntry(value);
    if ("entry" in result) {
      entries.add(result.entry);
    } else {
      invalidValues.add(value);
      entryErrors.push(result.error);
    }
  }

  const errors: string[] = [];
  const total = entries.size + invalidValues.size;
  if (total > MAX_IP_ALLOWLIST_ENTRIES) {
    errors.push(`At most ${MAX_IP_ALLOWLIST_ENTRIES} entries (got ${total})`);
  }
  errors.push(...entryErrors.slice(0, MAX_REPORTED_INVALID_ENTRIES));
  if (entryErrors.length > MAX_REPORTED_INVALID_ENTRIES) {
    errors.push(`…and ${entryErrors.length - MAX_REPORTED_INVALID_ENTRIES} more invalid entries`);
  }

  return errors.length > 0 ? { errors } : { entries: [...entries] };
}

/** Parses one allowlist entry (address or CIDR range) into its normalized CIDR form. */
export function parseIpAllowlistEntry(value: string): EntryResult {
  const invalid = { error: `${quote(value)} is not a valid IP address or CIDR range` };

  const slash = value.indexOf("/");
  const addressPart = slash === -1 ? value : value.slice(0, slash);
  const address = parseStrictAddress(addressPart);
  if (!address) return invalid;

  const maxPrefix = address.kind() === "ipv4" ? 32 : 128;
  let prefix = maxPrefix;
  if (slash !== -1) {
    const prefixPart = value.slice(slash + 1);
    // Decimal without leading zeros, so `/024` or `/+8` are not quietly accepted.
    if (!/^(0|[1-9][0-9]{0,2})$/.test(prefixPart)) return invalid;
    prefix = Number(prefixPart);
    if (prefix > maxPrefix) return invalid;
  }

  const network = networkAddress(address, prefix);
  const normalized = formatCidr(network, prefix);
  if (address.kind() === "ipv6" && isIpv4CompatibleForm(addressPart, address as ipaddr.IPv6)) {
    // Whoever writes ::a.b.c.d most likely means the IPv4 address, which it is not: refused
    // rather than saved as an IPv6 entry that never matches what was meant.
    const asIpv6 = slash === -1 ? normalized.slice(0, normalized.indexOf("/")) : normalized;
    const ipv4 = ipaddr.fromByteArray(network.toByteArray().slice(12)).toString();
    const asIpv4 = slash === -1 ? ipv4 : prefix >= 96 ? `${ipv4}/${prefix - 96}` : null;
    const forIpv4 = asIpv4 === null ? "" : `write ${quote(asIpv4)} for IPv4, or `;
    return {
      error: `${quote(value)} is a deprecated IPv4-compatible IPv6 address: ${forIpv4}write ${quote(asIpv6)} for IPv6`,
    };
  }
  if (!sameAddress(address, network)) {
    return {
      error: `${quote(value)} has host bits set; did you mean ${quote(normalized)}?`,
    };
  }
  return { entry: normalized };
}

/**
 * Decides whether a client IP may use a token. An empty allowlist allows every client.
 * With a non-empty list, a client IP that cannot be parsed is refused (fail closed).
 * IPv4-mapped IPv6 clients (`::ffff:203.0.113.5`, as dual-stack sockets report them) are
 * matched against IPv4 entries.
 */
export function isIpAllowed(ip: string, allowlist: readonly string[]): boolean {
  if (allowlist.length === 0) return true;
  const client = parseClientIp(ip);
  if (!client) return false;
  const compiled = compileAllowlist(allowlist);
  if (client.kind === "ipv4") {
    for (const range of compiled.ipv4) {
      if ((client.value & range.mask) >>> 0 === range.network) return true;
    }
    return false;
  }
  for (const range of compiled.ipv6) {
    if (ipv6InRange(client.parts, range)) return true;
  }
  return false;
}

// ---------------------------------------------------------------------------------------
// Parsing helpers

type Address = ipaddr.IPv4 | ipaddr.IPv6;

/**
 * Parses an address in the forms people write in allowlists only. ipaddr.js on its own also
 * accepts legacy IPv4 spellings (`10.1`, `0x0a.0.0.1`, `010.0.0.1` as octal) that browsers
 * and `inet_aton` interpret differently, and IPv6 zone ids, which mean nothing off-link.
 */
function parseStrictAddress(value: string): Address | null {
  if (value.includes(":")) return parseIpv6(value);
  if (!ipaddr.IPv4.isValidFourPartDecimal(value)) return null;
  return ipaddr.IPv4.parse(value);
}

function networkAddress(address: Address, prefix: number): Address {
  const bytes = address.toByteArray();
  const masked = bytes.map((byte, index) => {
    const bitsInByte = Math.min(Math.max(prefix - index * 8, 0), 8);
    return byte & ((0xff << (8 - bitsInByte)) & 0xff);
  });
  return ipaddr.fromByteArray(masked);
}

function sameAddress(a: Address, b: Address): boolean {
  const aBytes = a.toByteArray();
  const bBytes = b.toByteArray();
  return aBytes.length === bBytes.length && aBytes.every((byte, i) => byte === bBytes[i]);
}

/** IPv4 as `a.b.c.d/n`; IPv6 in RFC 5952 form; IPv4-mapped IPv6 ranges folded into IPv4. */
function formatCidr(network: Address, prefix: number): string {
  if (network.kind() === "ipv6") {
    const ipv6 = network as ipaddr.IPv6;
    if (prefix >= 96 && ipv6.isIPv4MappedAddress()) {
      return `${ipv6.toIPv4Address().toString()}/${prefix - 96}`;
    }
    return `${ipv6.toRFC5952String()}/${prefix}`;
  }
  return `${network.toString()}/${prefix}`;
}

function quote(value: string): string {
  const shown =
    value.length > MAX_QUOTED_VALUE_LENGTH ? `${value.slice(0, MAX_QUOTED_VALUE_LENGTH)}…` : value;
  return `\`${shown}\``;
}

// ---------------------------------------------------------------------------------------
// Matching: the allowlist is checked on every API request, so entries are compiled once
// into integer masks (cached by content) and the client address is parsed without regexes
// in the common IPv4 case.

interface Ipv4Range {
  network: number;
  mask: number;
}

interface Ipv6Range {
  parts: number[];
  prefix: number;
}

interface CompiledAllowlist {
  ipv4: Ipv4Range[];
  ipv6: Ipv6Range[];
}

type ClientAddress = { kind: "ipv4"; value: number } | { kind: "ipv6"; parts: number[] };

const COMPILED_CACHE_LIMIT = 1_000;
const compiledCache = new Map<string, CompiledAllowlist>();

function compileAllowlist(allowlist: readonly string[]): CompiledAllowlist {
  const key = allowlist.join(",");
  const cached = compiledCache.get(key);
  if (cached) return cached;

  const compiled: CompiledAllowlist = { ipv4: [], ipv6: [] };
  for (const entry of allowlist) {
    // Stored entries are already normalized; re-parsing keeps this correct (and fail-closed:
    // an entry that does not parse matches nothing) even for rows written by other code.
    const parsed = parseIpAllowlistEntry(entry);
    if (!("entry" in parsed)) continue;
    const [addressText = "", prefixText = ""] = parsed.entry.split("/");
    const prefix = Number(prefixText);
    const address = ipaddr.parse(addressText);
    if (address.kind() === "ipv4") {
      const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
      compiled.ipv4.push({ network: ipv4ToNumber(address.toByteArray()), mask });
    } else {
      compiled.ipv6.push({ parts: (address as ipaddr.IPv6).parts.slice(), prefix });
    }
  }

  if (compiledCache.size >= COMPILED_CACHE_LIMIT) {
    const oldest = compiledCache.keys().next().value;
    if (oldest !== undefined) compiledCache.delete(oldest);
  }
  compiledCache.set(key, compiled);
  return compiled;
}

function parseClientIp(ip: string): ClientAddress | null {
  if (ip.includes(":")) {
    // Link-local socket addresses may carry a zone id; it does not affect matching.
    const percent = ip.indexOf("%");
    const address = parseIpv6(percent === -1 ? ip : ip.slice(0, percent));
    if (!address) return null;
    if (address.isIPv4MappedAddress()) {
      return { kind: "ipv4", value: ipv4ToNumber(address.toIPv4Address().toByteArray()) };
    }
    return { kind: "ipv6", parts: address.parts };
  }
  const value = parseDottedQuad(ip);
  return value === null ? null : { kind: "ipv4", value };
}

/** Strict `a.b.c.d` (decimal, no leading zeros) to an unsigned 32-bit number. */
function parseDottedQuad(ip: string): number | null {
  let value = 0;
  let octet = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < ip.length; i++) {
    const code = ip.charCodeAt(i);
    if (code === 46 /* . */) {
      if (digits === 0 || dots === 3) return null;
      value = value * 256 + octet;
      octet = 0;
      digits = 0;
      dots++;
    } else if (code >= 48 && code <= 57) {
      if (digits > 0 && octet === 0) return null; // leading zero
      octet = octet * 10 + (code - 48);
      digits++;
      if (octet > 255) return null;
    } else {
      return null;
    }
  }
  if (dots !== 3 || digits === 0) return null;
  return value * 256 + octet;
}

function ipv4ToNumber(bytes: number[]): number {
  return (
    (((bytes[0] ?? 0) << 24) |
      ((bytes[1] ?? 0) << 16) |
      ((bytes[2] ?? 0) << 8) |
      (bytes[3] ?? 0)) >>>
    0
  );
}

function ipv6InRange(parts: number[], range: Ipv6Range): boolean {
  let remaining = range.prefix;
  for (let i = 0; i < 8 && remaining > 0; i++) {
    const bits = Math.min(remaining, 16);
    const mask = (0xffff << (16 - bits)) & 0xffff;
    if (((parts[i] ?? 0) & mask) !== ((range.parts[i] ?? 0) & mask)) return false;
    remaining -= bits;
  }
  return true;
}

/**
 * Whether every address of the normalized CIDR range `inner` lies inside one of the
 * normalized ranges `outer` (a token may only hand out a narrower allowlist than its own).
 * Both sides are normalized entries as parseIpAllowlist returns them.
 */
export function isRangeWithin(inner: string, outer: readonly string[]): boolean {
  const [network = "", prefixText] = inner.split("/");
  const prefix = Number(prefixText);
  const isV6 = network.includes(":");
  return outer.some((range) => {
    const [outerNetwork = "", outerPrefix] = range.split("/");
    return (
      outerNetwork.includes(":") === isV6 &&
      prefix >= Number(outerPrefix) &&
      isIpAllowed(network, [range])
    );
  });
}
