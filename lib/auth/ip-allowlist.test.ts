import fc from "fast-check";
import ipaddr from "ipaddr.js";
import { describe, expect, it } from "vitest";
import {
  isIpAllowed,
  isRangeWithin,
  MAX_IP_ALLOWLIST_INPUT_LENGTH,
  parseIpAllowlist,
} from "./ip-allowlist";

function entriesOf(input: string): string[] {
  const result = parseIpAllowlist(input);
  if ("errors" in result) throw new Error(`unexpected errors: ${result.errors.join("; ")}`);
  return result.entries;
}

function errorsOf(input: string): string[] {
  const result = parseIpAllowlist(input);
  if ("entries" in result) throw new Error(`expected errors, got ${result.entries.join(", ")}`);
  return result.errors;
}

describe("parseIpAllowlist: valid input", () => {
  it("treats empty or blank input as no restriction", () => {
    expect(entriesOf("")).toEqual([]);
    expect(entriesOf("  \n\t , ,\n")).toEqual([]);
  });

  it("accepts the documented comma-separated form", () => {
    expect(entriesOf("203.0.113.50,203.0.113.51")).toEqual(["203.0.113.50/32", "203.0.113.51/32"]);
  });

  it("accepts one entry per line, spaces, tabs, CRLF and mixed separators", () => {
    expect(entriesOf("203.0.113.50\n203.0.113.51\r\n198.51.100.0/24")).toEqual([
      "203.0.113.50/32",
      "203.0.113.51/32",
      "198.51.100.0/24",
    ]);
    expect(entriesOf(" 10.0.0.1 ,\t10.0.0.2  10.0.0.3,\n,10.0.0.4 ")).toEqual([
      "10.0.0.1/32",
      "10.0.0.2/32",
      "10.0.0.3/32",
      "10.0.0.4/32",
    ]);
  });

  it("turns bare addresses into /32 and /128 and keeps CIDR ranges", () => {
    expect(entriesOf("192.0.2.1 10.0.0.0/8 0.0.0.0/0 2001:db8::1 2001:db8::/32 ::/0")).toEqual([
      "192.0.2.1/32",
      "10.0.0.0/8",
      "0.0.0.0/0",
      "2001:db8::1/128",
      "2001:db8::/32",
      "::/0",
    ]);
  });

  it("normalizes IPv6 to the RFC 5952 form", () => {
    expect(entriesOf("2001:0DB8:0000:0000:0000:0000:0000:0001")).toEqual(["2001:db8::1/128"]);
    expect(entriesOf("2001:DB8:0:0:1::/80")).toEqual(["2001:db8:0:0:1::/80"]);
  });

  it("normalizes IPv4-mapped IPv6 addresses and ranges to IPv4", () => {
    expect(entriesOf("::ffff:203.0.113.7")).toEqual(["203.0.113.7/32"]);
    expect(entriesOf("::ffff:cb00:7107")).toEqual(["203.0.113.7/32"]);
    expect(entriesOf("::ffff:10.0.0.0/120")).toEqual(["10.0.0.0/24"]);
    expect(entriesOf("::ffff:0.0.0.0/96")).toEqual(["0.0.0.0/0"]);
  });

  // Only ::ffff:a.b.c.d stands for IPv4. The deprecated IPv4-compatible ::a.b.c.d is an IPv6
  // address that nobody means to write: refused, saying what each reading would be written as.
  it("refuses the IPv4-compatible form ::a.b.c.d instead of reading it as IPv4", () => {
    expect(errorsOf("::127.0.0.1")).toEqual([
      "`::127.0.0.1` is a deprecated IPv4-compatible IPv6 address: write `127.0.0.1` for IPv4, or write `::7f00:1` for IPv6",
    ]);
    expect(errorsOf("::0.0.0.0/96")).toEqual([
      "`::0.0.0.0/96` is a deprecated IPv4-compatible IPv6 address: write `0.0.0.0/0` for IPv4, or write `::/96` for IPv6",
    ]);
    expect(errorsOf("0:0:0:0:0:0:10.0.0.1")).toHaveLength(1);
    // The hexadecimal spelling of the same IPv6 address is plainly IPv6.
    expect(entriesOf("::7f00:1")).toEqual(["::7f00:1/128"]);
    // Other IPv6 addresses with a dotted tail (NAT64's well-known prefix) stay IPv6.
    expect(entriesOf("64:ff9b::192.0.2.1")).toEqual(["64:ff9b::c000:201/128"]);
  });

  it("removes duplicates, including ones that only match after normalization", () => {
    expect(
      entriesOf("10.0.0.1, 10.0.0.1/32\n::ffff:10.0.0.1 10.0.0.1 2001:db8::1 2001:DB8:0::1/128"),
    ).toEqual(["10.0.0.1/32", "2001:db8::1/128"]);
  });

  it("accepts exactly 100 entries", () => {
    const input = Array.from({ length: 100 }, (_, i) => `10.0.${i}.0/24`).join("\n");
    expect(entriesOf(input)).toHaveLength(100);
  });

  it("counts duplicates once towards the limit", () => {
    const input = Array.from({ length: 100 }, (_, i) => `10.0.${i}.1`).join(",");
    expect(entriesOf(`${input},${input}`)).toHaveLength(100);
  });
});

describe("parseIpAllowlist: invalid input", () => {
  it("reports an invalid address by value", () => {
    expect(errorsOf("10.0.0.300")).toEqual([
      "`10.0.0.300` is not a valid IP address or CIDR range",
    ]);
  });

  it("reports every invalid entry, once each, and saves nothing", () => {
    expect(errorsOf("10.0.0.1, nope, 10.0.0.300\n2001:db8::g, nope")).toEqual([
      "`nope` is not a valid IP address or CIDR range",
      "`10.0.0.300` is not a valid IP address or CIDR range",
      "`2001:db8::g` is not a valid IP address or CIDR range",
    ]);
  });

  it.each([
    "10.0.0",
    "10.0.0.1.1",
    "10.1",
    "167772161",
    "0x0a.0.0.1",
    "010.0.0.1",
    "10.0.0.-1",
    "10.0.0.1/33",
    "10.0.0.0/024",
    "10.0.0.0/",
    "10.0.0.0/+8",
    "10.0.0.0/8/8",
    "/8",
    "2001:db8::/129",
    "2001:db8:::1",
    "2001:db8::12345",
    "1:2:3:4:5:6:7:8:9",
    "fe80::1%eth0",
    "::ffff:010.0.0.1",
    "::ffff:0x0a.0.0.1",
    "localhost",
    "*",
    "10.0.0.*",
    "10.0.0.1-10.0.0.9",
    "10.0.0.1;10.0.0.2",
  ])("rejects %s", (value) => {
    expect(errorsOf(value)).toEqual([`\`${value}\` is not a valid IP address or CIDR range`]);
  });

  it("rejects CIDR ranges with host bits set and suggests the network", () => {
    expect(errorsOf("10.0.0.5/24")).toEqual([
      "`10.0.0.5/24` has host bits set; did you mean `10.0.0.0/24`?",
    ]);
    expect(errorsOf("2001:db8::1/32")).toEqual([
      "`2001:db8::1/32` has host bits set; did you mean `2001:db8::/32`?",
    ]);
    expect(errorsOf("::ffff:10.0.0.5/120")).toEqual([
      "`::ffff:10.0.0.5/120` has host bits set; did you mean `10.0.0.0/24`?",
    ]);
    expect(errorsOf("192.168.1.1/0")).toEqual([
      "`192.168.1.1/0` has host bits set; did you mean `0.0.0.0/0`?",
    ]);
  });

  it("rejects 101 entries with the count", () => {
    const input = Array.from({ length: 101 }, (_, i) => `10.0.${i}.0/24`).join("\n");
    expect(errorsOf(input)).toEqual(["At most 100 entries (got 101)"]);
  });

  it("reports the count and the invalid entries together", () => {
    const valid = Array.from({ length: 100 }, (_, i) => `10.1.${i}.1`);
    expect(errorsOf([...valid, "bad"].join(","))).toEqual([
      "At most 100 entries (got 101)",
      "`bad` is not a valid IP address or CIDR range",
    ]);
  });

  it("refuses oversized input without parsing it", () => {
    expect(errorsOf("1".repeat(MAX_IP_ALLOWLIST_INPUT_LENGTH + 1))).toEqual([
      "The IP allowlist is too long (at most 10,000 characters)",
    ]);
  });

  it("truncates very long invalid values in messages", () => {
    const [message] = errorsOf("x".repeat(500));
    expect(message).toBe(`\`${"x".repeat(60)}…\` is not a valid IP address or CIDR range`);
  });
});

describe("isIpAllowed", () => {
  it("allows every client when the allowlist is empty", () => {
    expect(isIpAllowed("203.0.113.9", [])).toBe(true);
    expect(isIpAllowed("2001:db8::9", [])).toBe(true);
  });

  it("matches single IPv4 addresses exactly", () => {
    const list = ["203.0.113.50/32", "203.0.113.51/32"];
    expect(isIpAllowed("203.0.113.50", list)).toBe(true);
    expect(isIpAllowed("203.0.113.51", list)).toBe(true);
    expect(isIpAllowed("203.0.113.52", list)).toBe(false);
    expect(isIpAllowed("203.0.113.5", list)).toBe(false);
  });

  it("matches IPv4 CIDR edges", () => {
    const list = ["198.51.100.0/24"];
    expect(isIpAllowed("198.51.100.0", list)).toBe(true);
    expect(isIpAllowed("198.51.100.255", list)).toBe(true);
    expect(isIpAllowed("198.51.99.255", list)).toBe(false);
    expect(isIpAllowed("198.51.101.0", list)).toBe(false);
    expect(isIpAllowed("255.255.255.255", ["0.0.0.0/0"])).toBe(true);
    expect(isIpAllowed("128.0.0.0", ["0.0.0.0/1"])).toBe(false);
    expect(isIpAllowed("127.255.255.255", ["0.0.0.0/1"])).toBe(true);
  });

  it("matches IPv6 addresses and CIDR edges", () => {
    const list = ["2001:db8:abcd::/48", "2001:db8::7/128"];
    expect(isIpAllowed("2001:db8:abcd::", list)).toBe(true);
    expect(isIpAllowed("2001:db8:abcd:ffff:ffff:ffff:ffff:ffff", list)).toBe(true);
    expect(isIpAllowed("2001:db8:abce::", list)).toBe(false);
    expect(isIpAllowed("2001:db8::7", list)).toBe(true);
    expect(isIpAllowed("2001:0db8:0:0:0:0:0:7", list)).toBe(true);
    expect(isIpAllowed("2001:db8::8", list)).toBe(false);
    expect(isIpAllowed("2001:db8::1", ["2001:db8::/127"])).toBe(true);
    expect(isIpAllowed("2001:db8::2", ["2001:db8::/127"])).toBe(false);
    expect(isIpAllowed("2001:db8::2", ["2001:db8::/126"])).toBe(true);
    expect(isIpAllowed("2001:db8:ffff::", ["2001:db8:8000::/33"])).toBe(true);
    expect(isIpAllowed("2001:db8:7fff::", ["2001:db8:8000::/33"])).toBe(false);
  });

  it("matches IPv4-mapped IPv6 clients as IPv4", () => {
    expect(isIpAllowed("::ffff:203.0.113.50", ["203.0.113.50/32"])).toBe(true);
    expect(isIpAllowed("::ffff:cb00:7132", ["203.0.113.0/24"])).toBe(true);
    expect(isIpAllowed("::ffff:203.0.113.51", ["203.0.113.50/32"])).toBe(false);
  });

  it("matches IPv4-compatible clients (::a.b.c.d) as the IPv6 addresses they are", () => {
    expect(isIpAllowed("::127.0.0.1", ["127.0.0.1/32"])).toBe(false);
    expect(isIpAllowed("::203.0.113.50", ["0.0.0.0/0"])).toBe(false);
    expect(isIpAllowed("::127.0.0.1", ["::7f00:1/128"])).toBe(true);
    expect(isIpAllowed("::127.0.0.1", ["::/96"])).toBe(true);
  });

  it("keeps address families apart", () => {
    expect(isIpAllowed("10.0.0.1", ["::/0"])).toBe(false);
    expect(isIpAllowed("2001:db8::1", ["0.0.0.0/0"])).toBe(false);
  });

  it("refuses invalid or empty client addresses when a list is set", () => {
    for (const ip of ["", "unknown", "10.0.0.256", "010.0.0.1", "10.0.0", "1.2.3.4.5", "::g"]) {
      expect(isIpAllowed(ip, ["0.0.0.0/0", "::/0"])).toBe(false);
    }
  });

  it("ignores a zone id on a link-local client address", () => {
    expect(isIpAllowed("fe80::1%eth0", ["fe80::/10"])).toBe(true);
  });

  it("never matches a malformed stored entry (fail closed)", () => {
    expect(isIpAllowed("10.0.0.1", ["garbage", "10.0.0.5/24"])).toBe(false);
  });

  it("agrees with a reference implementation for random IPv4 ranges", () => {
    fc.assert(
      fc.property(fc.ipV4(), fc.ipV4(), fc.integer({ min: 0, max: 32 }), (client, base, prefix) => {
        const toNumber = (ip: string) =>
          ip.split(".").reduce((acc, octet) => acc * 256 + Number(octet), 0);
        const size = 2 ** (32 - prefix);
        const network = Math.floor(toNumber(base) / size) * size;
        const networkText = [24, 16, 8, 0].map((shift) => Math.floor(network / 2 ** shift) % 256);
        const entry = `${networkText.join(".")}/${prefix}`;
        const expected = toNumber(client) >= network && toNumber(client) < network + size;
        expect(isIpAllowed(client, [entry])).toBe(expected);
        expect(isIpAllowed(client, entriesOf(entry))).toBe(expected);
        // The address the range was cut from always lies inside it.
        expect(isIpAllowed(base, entriesOf(entry))).toBe(true);
      }),
    );
  });

  it("agrees with a reference implementation for random IPv6 ranges", () => {
    const toBigInt = (ip: string) =>
      ipaddr
        .parse(ip)
        .toByteArray()
        .reduce((acc, byte) => (acc << 8n) | BigInt(byte), 0n);
    const isMapped = (ip: string) => ipaddr.process(ip).kind() === "ipv4";
    fc.assert(
      fc.property(
        fc.ipV6(),
        fc.ipV6(),
        fc.integer({ min: 0, max: 128 }),
        (client, base, prefix) => {
          fc.pre(!isMapped(client) && !isMapped(base));
          const hostBits = BigInt(128 - prefix);
          const network = (toBigInt(base) >> hostBits) << hostBits;
          const bytes = Array.from({ length: 16 }, (_, i) =>
            Number((network >> BigInt(8 * (15 - i))) & 0xffn),
          );
          const entry = `${(ipaddr.fromByteArray(bytes) as ipaddr.IPv6).toRFC5952String()}/${prefix}`;
          fc.pre(!entry.startsWith("::ffff:"));
          const expected = toBigInt(client) >> hostBits === network >> hostBits;
          expect(isIpAllowed(client, entriesOf(entry))).toBe(expected);
          expect(isIpAllowed(base, entriesOf(entry))).toBe(true);
        },
      ),
    );
  });
});

describe("isRangeWithin", () => {
  it("accepts a range inside one of the outer ranges, the same range, and a single address", () => {
    expect(isRangeWithin("10.1.0.0/16", ["10.0.0.0/8"])).toBe(true);
    expect(isRangeWithin("10.0.0.0/8", ["192.0.2.0/24", "10.0.0.0/8"])).toBe(true);
    expect(isRangeWithin("10.9.9.9/32", ["10.0.0.0/8"])).toBe(true);
    expect(isRangeWithin("2001:db8:1::/48", ["2001:db8::/32"])).toBe(true);
  });

  it("refuses a wider range, a disjoint one, and one of the other address family", () => {
    expect(isRangeWithin("10.0.0.0/7", ["10.0.0.0/8"])).toBe(false);
    expect(isRangeWithin("11.0.0.0/8", ["10.0.0.0/8"])).toBe(false);
    expect(isRangeWithin("0.0.0.0/0", ["10.0.0.0/8"])).toBe(false);
    expect(isRangeWithin("::/0", ["0.0.0.0/0"])).toBe(false);
    expect(isRangeWithin("10.0.0.1/32", [])).toBe(false);
  });
});
