import { createHash, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { LiveTokenSet, tokenHashPrefix } from "@/lib/api/live-token-set";

const randomHash = () => createHash("sha256").update(randomBytes(32)).digest("hex");

/** A set built from `hashes`, as loadLiveTokenPrefixes would return them (ascending). */
function builtFrom(hashes: string[]): LiveTokenSet {
  const set = new LiveTokenSet();
  set.beginRebuild();
  set.replace(BigUint64Array.from(hashes.map((hash) => tokenHashPrefix(hash) as bigint)).sort());
  return set;
}

/** Another hash with the same first 8 bytes as `hash` (a chance collision, made on purpose). */
const twinOf = (hash: string) =>
  `${hash.slice(0, 16)}${hash.slice(16).split("").reverse().join("")}`;

describe("LiveTokenSet", () => {
  it("says no to everything until built", () => {
    const set = new LiveTokenSet();
    const hash = randomHash();
    expect(set.built).toBe(false);
    expect(set.mayBeLive(hash)).toBe(false);
    set.add(tokenHashPrefix(hash) as bigint);
    // Added before any build: known (the embedded database's own tokens), still not "built".
    expect(set.mayBeLive(hash)).toBe(true);
    expect(set.built).toBe(false);
  });

  it("holds every built hash and, of 100,000 others, none", () => {
    const live = Array.from({ length: 10_000 }, randomHash);
    const set = builtFrom(live);
    expect(set.built).toBe(true);
    expect(live.every((hash) => set.mayBeLive(hash))).toBe(true);
    let strays = 0;
    for (let i = 0; i < 100_000; i += 1) if (set.mayBeLive(randomHash())) strays += 1;
    expect(strays).toBe(0);
    expect(set.size).toEqual({ built: 10_000, added: 0 });
  });

  it("refuses what is not a lower-case hex hash", () => {
    const hash = randomHash();
    const set = builtFrom([hash]);
    expect(set.mayBeLive(hash.toUpperCase())).toBe(false);
    expect(set.mayBeLive("")).toBe(false);
    expect(set.mayBeLive("zz".repeat(32))).toBe(false);
  });

  it("a hash sharing a live prefix is in it until refuted; refuting it leaves the live token in", () => {
    const live = randomHash();
    const guess = twinOf(live);
    const set = builtFrom([live]);
    expect(set.mayBeLive(guess)).toBe(true);
    set.refute(guess);
    expect(set.mayBeLive(guess)).toBe(false);
    expect(set.mayBeLive(live)).toBe(true);
  });

  it("ignores refutations of hashes it does not hold, so guesses cannot crowd out real ones", () => {
    const live = randomHash();
    const set = builtFrom([live]);
    const revoked = twinOf(live);
    set.refute(revoked);
    for (let i = 0; i < 20_000; i += 1) set.refute(randomHash());
    expect(set.mayBeLive(revoked)).toBe(false);
  });

  it("adds tokens created after the build, and a rebuild keeps those announced while it read", () => {
    const [old, before, during] = [randomHash(), randomHash(), randomHash()];
    const set = builtFrom([old]);
    set.add(tokenHashPrefix(before) as bigint);
    expect(set.mayBeLive(before)).toBe(true);

    set.beginRebuild();
    set.add(tokenHashPrefix(during) as bigint);
    // The table as read: `before` was committed before the read began, `during` after.
    set.replace(BigUint64Array.from([old, before].map((h) => tokenHashPrefix(h) as bigint)).sort());
    expect([old, before, during].every((hash) => set.mayBeLive(hash))).toBe(true);
    expect(set.size).toEqual({ built: 2, added: 1 });
  });

  it("a rebuild drops tokens no longer live and forgets refutations", () => {
    const [kept, revoked] = [randomHash(), randomHash()];
    const guess = twinOf(kept);
    const set = builtFrom([kept, revoked]);
    set.refute(guess);
    set.beginRebuild();
    set.replace(BigUint64Array.from([tokenHashPrefix(kept) as bigint]));
    expect(set.mayBeLive(revoked)).toBe(false);
    // The chance collision costs one more lookup after each build, nothing more.
    expect(set.mayBeLive(guess)).toBe(true);
  });

  it("an abandoned rebuild keeps the old build and what was added meanwhile", () => {
    const [old, during] = [randomHash(), randomHash()];
    const set = builtFrom([old]);
    set.beginRebuild();
    set.add(tokenHashPrefix(during) as bigint);
    set.abandonRebuild();
    expect(set.mayBeLive(old) && set.mayBeLive(during)).toBe(true);
  });
});
