import { describe, expect, it } from "vitest";
import {
  ILL_FORMED_TEXT_MESSAGE,
  illFormedTextErrors,
  toWellFormedText,
} from "@/lib/validations/well-formed-text";

describe("illFormedTextErrors", () => {
  it("names each string and key holding a lone surrogate by its path; pairs are text", () => {
    const input = {
      name: "ok \u{1F4E7}",
      description: "half \ud800",
      scopes: ["domains:read", "\udc00"],
      nested: { "\udbffkey": 1, deeper: [{ note: "x\udfff" }] },
    };
    expect(illFormedTextErrors(input, "form")).toEqual({
      description: [ILL_FORMED_TEXT_MESSAGE],
      "scopes.1": [ILL_FORMED_TEXT_MESSAGE],
      "nested.\ufffdkey": [ILL_FORMED_TEXT_MESSAGE],
      "nested.deeper.0.note": [ILL_FORMED_TEXT_MESSAGE],
    });
    expect(illFormedTextErrors("\ud800", "form")).toEqual({ form: [ILL_FORMED_TEXT_MESSAGE] });
    expect(illFormedTextErrors({ name: "Mail \u{1F4E7}", n: 1, d: null }, "")).toBeNull();
  });

  it("walks a deeply nested value without overflowing the stack", () => {
    let deep: unknown = "\ud800";
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(Object.keys(illFormedTextErrors(deep, "") ?? {})).toHaveLength(1);
  });
});

describe("toWellFormedText", () => {
  it("puts U+FFFD in place of each lone surrogate and keeps pairs", () => {
    expect(toWellFormedText("a\ud800b\udc00\u{1F4E7}\udbff")).toBe("a\ufffdb\ufffd\u{1F4E7}\ufffd");
    expect(toWellFormedText("plain")).toBe("plain");
  });
});
