import { describe, expect, it } from "vitest";
import { countOf, plural } from "./plural";

describe("countOf", () => {
  it("says one thing in the singular and every other count in the plural", () => {
    expect(countOf(1, "domain")).toBe("1 domain");
    expect(countOf(0, "domain")).toBe("0 domains");
    expect(countOf(2, "item")).toBe("2 items");
    expect(countOf(100, "day")).toBe("100 days");
  });

  it("leaves the noun alone in plural()", () => {
    expect(plural(1, "hour")).toBe("hour");
    expect(plural(5, "hour")).toBe("hours");
  });
});
