import { describe, expect, it } from "vitest";
import { DEFAULT_SIGNED_IN_PATH, safeCallbackPath } from "@/lib/auth/callback-url";

describe("safeCallbackPath", () => {
  it("keeps a same-origin path with its query string", () => {
    expect(safeCallbackPath("/settings/api-tokens/abc?tab=logs")).toBe(
      "/settings/api-tokens/abc?tab=logs",
    );
  });

  it("falls back to the dashboard when nothing is given", () => {
    expect(safeCallbackPath(undefined)).toBe(DEFAULT_SIGNED_IN_PATH);
    expect(safeCallbackPath("")).toBe(DEFAULT_SIGNED_IN_PATH);
  });

  it.each([
    "https://evil.example/settings",
    "//evil.example/settings",
    "/\\evil.example",
    "/\t/evil.example",
    "javascript:alert(1)",
    "settings/billing",
  ])("refuses %j, which could leave the site", (value) => {
    expect(safeCallbackPath(value)).toBe(DEFAULT_SIGNED_IN_PATH);
  });

  it("does not send a signed-in user back to the sign-in or sign-up page", () => {
    expect(safeCallbackPath("/login")).toBe(DEFAULT_SIGNED_IN_PATH);
    expect(safeCallbackPath("/signup?x=1")).toBe(DEFAULT_SIGNED_IN_PATH);
  });

  it("uses the first value when the parameter repeats", () => {
    expect(safeCallbackPath(["/settings/billing", "https://evil.example"])).toBe(
      "/settings/billing",
    );
  });
});
