import { describe, expect, it } from "vitest";
import { RecentlyValidTokens } from "@/lib/api/recent-tokens";

function tokens(maxEntries = 3, ttlMs = 1_000) {
  let now = 0;
  const set = new RecentlyValidTokens({ maxEntries, ttlMs, now: () => now });
  return { set, advance: (ms: number) => (now += ms) };
}

describe("RecentlyValidTokens", () => {
  it("remembers a hash for its lifetime only, and forgets it on demand", () => {
    const { set, advance } = tokens();
    set.remember("a");
    advance(999);
    expect(set.has("a")).toBe(true);
    advance(1);
    expect(set.has("a")).toBe(false);
    set.remember("b");
    set.forget("b");
    expect(set.has("b")).toBe(false);
    expect(set.has("never")).toBe(false);
  });

  it("keeps at most maxEntries, dropping the least recently confirmed", () => {
    const { set, advance } = tokens(3, 1_000);
    for (const hash of ["a", "b", "c"]) {
      set.remember(hash);
      advance(10);
    }
    advance(600);
    set.remember("a"); // past half its lifetime: refreshed, so "b" is now the oldest
    set.remember("d");
    expect(set.size).toBe(3);
    expect(["a", "b", "c", "d"].filter((hash) => set.has(hash))).toEqual(["a", "c", "d"]);
  });
});
