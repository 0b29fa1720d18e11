import { unstable_doesMiddlewareMatch as doesProxyMatch } from "next/experimental/testing/server";
import { describe, expect, it } from "vitest";
import { config } from "./proxy";

// The proxy gives every HTML page its script nonce, and costs throughput wherever it runs:
// it must cover every page and nothing else (never the API).

describe("the proxy's matcher", () => {
  it.each([
    "/",
    "/login",
    "/signup",
    "/invite/abc",
    "/no-organization",
    "/settings",
    "/settings/api-tokens/0190f2d4-0000-7000-8000-000000000000",
    "/no-such-page",
    "/apidocs-is-a-page-name",
  ])("runs on the page %s", (url) => {
    expect(doesProxyMatch({ config, url })).toBe(true);
  });

  it.each([
    "/api",
    "/api/v1/tokens",
    "/api/v1/tokens/self?x=1",
    "/api/auth/session",
    "/api/health",
    "/_next/static/chunks/app.js",
    "/_next/image?url=%2Ficon.svg&w=64&q=75",
    "/icon.svg",
    "/favicon.ico",
    "/fonts/inter.woff2",
  ])("never runs on %s", (url) => {
    expect(doesProxyMatch({ config, url })).toBe(false);
  });
});
