import { describe, expect, it } from "vitest";
import { DEFAULT_SIGNED_IN_PATH, safeCallbackPath } from "@/lib/auth/callback-url";

const APP_ORIGIN = "https://app.mailshield.test";

// Every way we know to make a same-origin-looking target leave the site: other origins,
// protocol-relative and backslash forms, dot segments that normalize to `//host`,
// percent-encoded slashes, backslashes and dots (once and twice), control characters and
// whitespace that URL parsers drop, other schemes, and relative paths.
const HOSTILE_TARGETS = [
  "https://evil.example/settings",
  "http://app.mailshield.test.evil.example/",
  "https://app.mailshield.test@evil.example/",
  "//evil.example/settings",
  "///evil.example",
  "/\\evil.example",
  "\\\\evil.example",
  "/..//evil.example",
  "/.//evil.example",
  "/settings/..//evil.example",
  "/settings/../..//evil.example",
  "/./\\evil.example",
  "/%2e%2e//evil.example",
  "/%2E%2E/%2Fevil.example",
  "/%2f%2fevil.example",
  "/%2F/evil.example",
  "/%5cevil.example",
  "/%5C%5Cevil.example",
  "/settings/%2e%2e%2f%2fevil.example",
  "/%252f%252fevil.example",
  "/%25252f%25252fevil.example",
  "/\t/evil.example",
  "/\n/evil.example",
  "/%09/evil.example",
  "/%0a/evil.example",
  " //evil.example",
  "/ /evil.example",
  "/%",
  "javascript:alert(1)",
  "data:text/html,<script>alert(1)</script>",
  "settings/billing",
  ".//evil.example",
];

describe("safeCallbackPath", () => {
  it("keeps a same-origin path with its query string and fragment", () => {
    expect(safeCallbackPath("/settings/api-tokens/abc?tab=logs#recent")).toBe(
      "/settings/api-tokens/abc?tab=logs#recent",
    );
    expect(safeCallbackPath("/settings/api-tokens/access-logs?q=%2F%2Fnot-a-path")).toBe(
      "/settings/api-tokens/access-logs?q=%2F%2Fnot-a-path",
    );
  });

  it("normalizes harmless dot segments instead of refusing them", () => {
    expect(safeCallbackPath("/settings/api-tokens/../billing")).toBe("/settings/billing");
  });

  it("falls back to the dashboard when nothing usable is given", () => {
    expect(safeCallbackPath(undefined)).toBe(DEFAULT_SIGNED_IN_PATH);
    expect(safeCallbackPath(null)).toBe(DEFAULT_SIGNED_IN_PATH);
    expect(safeCallbackPath("")).toBe(DEFAULT_SIGNED_IN_PATH);
    expect(safeCallbackPath(42)).toBe(DEFAULT_SIGNED_IN_PATH);
  });

  it.each(HOSTILE_TARGETS)("refuses %j, which could leave the site", (value) => {
    expect(safeCallbackPath(value)).toBe(DEFAULT_SIGNED_IN_PATH);
    expect(safeCallbackPath(value, APP_ORIGIN)).toBe(DEFAULT_SIGNED_IN_PATH);
  });

  it.each(HOSTILE_TARGETS)(
    "returns for %j only a path that a browser keeps on our origin",
    (value) => {
      // Whatever comes out, followed from any page of ours, must stay on our origin, and so
      // must its percent-decoded form.
      const path = safeCallbackPath(value, APP_ORIGIN);
      for (const form of [path, decodeURIComponent(path)]) {
        const followed = new URL(form, `${APP_ORIGIN}/login?callbackUrl=x`);
        expect(followed.origin).toBe(APP_ORIGIN);
        expect(followed.pathname.startsWith("//")).toBe(false);
      }
    },
  );

  it("accepts an absolute URL only on the app's own origin, as its path", () => {
    expect(safeCallbackPath(`${APP_ORIGIN}/settings/billing?x=1`, APP_ORIGIN)).toBe(
      "/settings/billing?x=1",
    );
    expect(safeCallbackPath(`${APP_ORIGIN}/..//evil.example`, APP_ORIGIN)).toBe(
      DEFAULT_SIGNED_IN_PATH,
    );
    expect(safeCallbackPath("http://app.mailshield.test/settings", APP_ORIGIN)).toBe(
      DEFAULT_SIGNED_IN_PATH,
    );
    // Where no origin is given (the sign-in page), only root-relative paths are accepted.
    expect(safeCallbackPath(`${APP_ORIGIN}/settings/billing`)).toBe(DEFAULT_SIGNED_IN_PATH);
  });

  it("does not send a signed-in user back to the sign-in or sign-up page", () => {
    expect(safeCallbackPath("/login")).toBe(DEFAULT_SIGNED_IN_PATH);
    expect(safeCallbackPath("/signup?x=1")).toBe(DEFAULT_SIGNED_IN_PATH);
    expect(safeCallbackPath(`${APP_ORIGIN}/login?callbackUrl=%2F`, APP_ORIGIN)).toBe(
      DEFAULT_SIGNED_IN_PATH,
    );
  });

  it("uses the first value when the parameter repeats", () => {
    expect(safeCallbackPath(["/settings/billing", "https://evil.example"])).toBe(
      "/settings/billing",
    );
  });
});
