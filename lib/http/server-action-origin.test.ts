import { describe, expect, it } from "vitest";
import { crossOriginActionRefusal, isPossibleServerAction } from "./server-action-origin.mjs";

describe("isPossibleServerAction", () => {
  it.each([
    ["POST", "/settings/billing", { "next-action": "7f00" }, true],
    ["POST", "/settings", { "content-type": "multipart/form-data; boundary=x" }, true],
    ["POST", "/settings", { "content-type": "application/json" }, false],
    ["GET", "/settings", { "next-action": "7f00" }, false],
    ["POST", "/api/v1/tokens", { "next-action": "7f00" }, false],
    ["POST", "/api?x=1", { "content-type": "multipart/form-data" }, false],
  ])("%s %s %j → %s", (method, url, headers, expected) => {
    expect(isPossibleServerAction({ method, url, headers })).toBe(expected);
  });
});

describe("crossOriginActionRefusal", () => {
  it("accepts an Origin whose host is the Host, or the forwarded host when there is one", () => {
    expect(
      crossOriginActionRefusal({ origin: "http://app.example:3000", host: "app.example:3000" }),
    ).toBeNull();
    expect(
      crossOriginActionRefusal({
        origin: "https://app.example",
        host: "10.0.0.5:3000",
        "x-forwarded-host": "app.example, proxy.internal",
      }),
    ).toBeNull();
  });

  it.each([
    ["no Origin", { host: "app.example" }],
    ["Origin: null", { origin: "null", host: "app.example" }],
    ["an Origin that is not a URL", { origin: "app.example", host: "app.example" }],
    ["a non-web Origin", { origin: "file://app.example", host: "app.example" }],
    ["a foreign Origin", { origin: "https://evil.example", host: "app.example" }],
    ["another port", { origin: "http://app.example:8080", host: "app.example:3000" }],
    [
      "a forwarded host that disagrees",
      { origin: "https://app.example", host: "app.example", "x-forwarded-host": "evil.example" },
    ],
    ["no Host at all", { origin: "https://app.example" }],
  ])("refuses %s", (_name, headers) => {
    expect(crossOriginActionRefusal(headers)).toEqual(expect.any(String));
  });
});
