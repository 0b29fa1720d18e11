import { describe, expect, it } from "vitest";
import { rateLimitKeyForIp } from "@/lib/rate-limit/ip-key";

describe("rateLimitKeyForIp", () => {
  it("keeps IPv4 addresses apart", () => {
    expect(rateLimitKeyForIp("203.0.113.7")).toBe("203.0.113.7");
    expect(rateLimitKeyForIp("203.0.113.8")).not.toBe(rateLimitKeyForIp("203.0.113.7"));
  });

  it("counts every address of an IPv6 /64 as one client, so rotating addresses does not help", () => {
    const key = rateLimitKeyForIp("2001:db8:1:2::1");
    expect(key).toBe("2001:db8:1:2::/64");
    expect(rateLimitKeyForIp("2001:db8:1:2:ffff:ffff:ffff:ffff")).toBe(key);
    expect(rateLimitKeyForIp("2001:db8:1:3::1")).not.toBe(key);
  });

  it("treats IPv4-mapped IPv6 as the IPv4 address, and has a key for unknown clients", () => {
    expect(rateLimitKeyForIp("::ffff:192.0.2.1")).toBe("192.0.2.1");
    expect(rateLimitKeyForIp(null)).toBe("unknown");
  });
});
