import { describe, expect, it } from "vitest";
import { dropUntrustedForwardedHeaders } from "./forwarded-headers.mjs";

function request(headers: Record<string, string>) {
  return {
    headers: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v])),
    rawHeaders: Object.entries(headers).flat(),
  };
}

const FORWARDED = {
  Host: "app.example",
  "X-Forwarded-Host": "evil.example",
  "X-Forwarded-Proto": "https",
  "X-Forwarded-Port": "443",
  "X-Forwarded-For": "203.0.113.9",
  Forwarded: "for=203.0.113.9;host=evil.example;proto=https",
  Accept: "text/html",
};

describe("dropUntrustedForwardedHeaders", () => {
  it("drops every forwarding header, parsed and raw, when no proxy is trusted", () => {
    const req = request(FORWARDED);
    dropUntrustedForwardedHeaders(req, 0);
    expect(req.headers).toEqual({ host: "app.example", accept: "text/html" });
    expect(req.rawHeaders).toEqual(["Host", "app.example", "Accept", "text/html"]);
  });

  it("keeps them when a proxy is trusted to write them", () => {
    const req = request(FORWARDED);
    dropUntrustedForwardedHeaders(req, 1);
    expect(req.headers["x-forwarded-host"]).toBe("evil.example");
    expect(req.rawHeaders).toHaveLength(Object.keys(FORWARDED).length * 2);
  });
});
