import { afterEach, describe, expect, it, vi } from "vitest";
import { CLIENT_IP_HEADER, clientIp, normalizeIp } from "@/lib/auth/client-ip";
import { reloadConfig } from "@/lib/config";

function headers(values: Record<string, string>): Headers {
  return new Headers(values);
}

describe("clientIp", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it("uses the socket address set by the server when no proxy is trusted", () => {
    expect(clientIp(headers({ [CLIENT_IP_HEADER]: "203.0.113.7" }))).toBe("203.0.113.7");
  });

  it("ignores a spoofed X-Forwarded-For when no proxy is trusted", () => {
    const request = headers({ [CLIENT_IP_HEADER]: "203.0.113.7", "x-forwarded-for": "10.0.0.1" });
    expect(clientIp(request, { trustProxyHops: 0 })).toBe("203.0.113.7");
  });

  it("reports IPv4-mapped IPv6 socket addresses as IPv4", () => {
    expect(clientIp(headers({ [CLIENT_IP_HEADER]: "::ffff:198.51.100.4" }))).toBe("198.51.100.4");
  });

  it("returns null when the socket address is missing or not an IP", () => {
    expect(clientIp(headers({}))).toBeNull();
    expect(clientIp(headers({ [CLIENT_IP_HEADER]: "not-an-ip" }))).toBeNull();
  });

  it("takes the rightmost X-Forwarded-For entry behind one trusted proxy", () => {
    const request = headers({
      [CLIENT_IP_HEADER]: "10.0.0.2",
      "x-forwarded-for": "6.6.6.6, 198.51.100.9",
    });
    expect(clientIp(request, { trustProxyHops: 1 })).toBe("198.51.100.9");
  });

  it("takes the entry N from the right behind N trusted proxies", () => {
    const request = headers({
      [CLIENT_IP_HEADER]: "10.0.0.3",
      "x-forwarded-for": "6.6.6.6, 198.51.100.9, 10.0.0.2",
    });
    expect(clientIp(request, { trustProxyHops: 2 })).toBe("198.51.100.9");
  });

  it("falls back to the leftmost entry when there are fewer entries than hops", () => {
    const request = headers({ [CLIENT_IP_HEADER]: "10.0.0.3", "x-forwarded-for": "198.51.100.9" });
    expect(clientIp(request, { trustProxyHops: 3 })).toBe("198.51.100.9");
  });

  it("falls back to the socket address without X-Forwarded-For", () => {
    expect(clientIp(headers({ [CLIENT_IP_HEADER]: "10.0.0.3" }), { trustProxyHops: 1 })).toBe(
      "10.0.0.3",
    );
  });

  it("falls back to the socket address when the chosen entry is garbage", () => {
    const request = headers({ [CLIENT_IP_HEADER]: "10.0.0.3", "x-forwarded-for": "unknown" });
    expect(clientIp(request, { trustProxyHops: 1 })).toBe("10.0.0.3");
  });

  it("normalizes IPv6 and mapped addresses found in X-Forwarded-For", () => {
    const request = headers({
      [CLIENT_IP_HEADER]: "10.0.0.3",
      "x-forwarded-for": "2001:DB8:0:0::1, ::ffff:203.0.113.1",
    });
    expect(clientIp(request, { trustProxyHops: 1 })).toBe("203.0.113.1");
    expect(clientIp(request, { trustProxyHops: 2 })).toBe("2001:db8::1");
  });

  it("reads TRUST_PROXY_HOPS from the environment by default", () => {
    const request = headers({ [CLIENT_IP_HEADER]: "10.0.0.2", "x-forwarded-for": "198.51.100.9" });
    try {
      vi.stubEnv("TRUST_PROXY_HOPS", "1");
      reloadConfig();
      expect(clientIp(request)).toBe("198.51.100.9");
      vi.stubEnv("TRUST_PROXY_HOPS", "0");
      reloadConfig();
      expect(clientIp(request)).toBe("10.0.0.2");
    } finally {
      vi.unstubAllEnvs();
      reloadConfig();
    }
  });
});

describe("normalizeIp", () => {
  it.each([
    ["203.0.113.5", "203.0.113.5"],
    [" 203.0.113.5 ", "203.0.113.5"],
    ["203.0.113.5:8080", "203.0.113.5"],
    ["[2001:db8::1]:443", "2001:db8::1"],
    ["[2001:db8::1]", "2001:db8::1"],
    ["2001:0DB8:0000::0001", "2001:db8::1"],
    ["::ffff:192.0.2.1", "192.0.2.1"],
    ["::1", "::1"],
    // Only ::ffff:a.b.c.d is IPv4; the IPv4-compatible ::a.b.c.d is IPv6.
    ["::127.0.0.1", "::7f00:1"],
    ["[::203.0.113.5]:443", "::cb00:7105"],
  ])("normalizes %s to %s", (input, expected) => {
    expect(normalizeIp(input)).toBe(expected);
  });

  it.each(["", "1.2.3", "256.1.1.1", "example.com", "1.2.3.4.5", "::g"])("rejects %s", (input) => {
    expect(normalizeIp(input)).toBeNull();
  });
});
