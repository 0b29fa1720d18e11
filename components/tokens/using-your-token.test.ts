import { describe, expect, it } from "vitest";
import { FALLBACK_ORIGIN, originFromHeaders } from "@/components/tokens/using-your-token";

const headers = (values: Record<string, string>) => new Headers(values);

describe("originFromHeaders", () => {
  it("uses the Host header, over plain HTTP for local addresses", () => {
    expect(originFromHeaders(headers({ host: "127.0.0.1:3000" }))).toBe("http://127.0.0.1:3000");
    expect(originFromHeaders(headers({ host: "localhost:3000" }))).toBe("http://localhost:3000");
    expect(originFromHeaders(headers({ host: "[::1]:3000" }))).toBe("http://[::1]:3000");
  });

  it("assumes HTTPS for public hosts unless a proxy says otherwise", () => {
    expect(originFromHeaders(headers({ host: "app.mailshield.test" }))).toBe(
      "https://app.mailshield.test",
    );
    expect(
      originFromHeaders(headers({ host: "app.mailshield.test", "x-forwarded-proto": "http" })),
    ).toBe("http://app.mailshield.test");
  });

  it("prefers the first forwarded host and protocol set by a proxy", () => {
    expect(
      originFromHeaders(
        headers({
          host: "10.0.0.5:3000",
          "x-forwarded-host": "dashboard.mailshield.test, internal.lb",
          "x-forwarded-proto": "https, http",
        }),
      ),
    ).toBe("https://dashboard.mailshield.test");
  });

  it("ignores values that are not hosts, so nothing odd lands in the examples", () => {
    expect(
      originFromHeaders(
        headers({ host: "app.mailshield.test", "x-forwarded-host": 'evil" onmouseover="x' }),
      ),
    ).toBe("https://app.mailshield.test");
    expect(
      originFromHeaders(
        headers({ host: "app.mailshield.test", "x-forwarded-proto": "javascript" }),
      ),
    ).toBe("https://app.mailshield.test");
    expect(originFromHeaders(headers({ host: "a b" }))).toBe(FALLBACK_ORIGIN);
    expect(originFromHeaders(headers({}))).toBe(FALLBACK_ORIGIN);
  });
});
