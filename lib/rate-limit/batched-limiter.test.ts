import { describe, expect, it } from "vitest";
import { BatchedWindowLimiter } from "@/lib/rate-limit/batched-limiter";
import type { RateLimitStore } from "@/lib/rate-limit/store";
import {
  countingStore,
  minuteClock,
  postgresStore,
  uniqueKey,
  unreachableStore,
} from "@/lib/rate-limit/test-stores";

const MINUTE = 60_000;

function limiterOn(store: RateLimitStore, now: () => Date, prefix = uniqueKey("tokens")) {
  return new BatchedWindowLimiter({
    store,
    windowMs: MINUTE,
    syncIntervalMs: 60_000,
    prefix,
    now,
  });
}

describe("BatchedWindowLimiter (per-token request limits)", () => {
  it("allows exactly `limit` requests per window, counting Remaining down, then refuses", async () => {
    const time = minuteClock(15_000);
    const limiter = limiterOn(postgresStore(), time.now);
    const decisions = Array.from({ length: 6 }, () => limiter.consume("tok", 5));
    expect(decisions.map((d) => d.allowed)).toEqual([true, true, true, true, true, false]);
    expect(decisions.map((d) => d.remaining)).toEqual([4, 3, 2, 1, 0, 0]);
    expect(decisions[5]).toMatchObject({ limit: 5, resetSeconds: 45 });
    await limiter.close();
  });

  it("starts a fresh allowance when the window rolls over", async () => {
    const time = minuteClock(59_000);
    const limiter = limiterOn(postgresStore(), time.now);
    for (let i = 0; i < 3; i += 1) limiter.consume("tok", 3);
    expect(limiter.consume("tok", 3).allowed).toBe(false);
    time.advance(1_000);
    expect(limiter.consume("tok", 3)).toMatchObject({ allowed: true, remaining: 2 });
    await limiter.close();
  });

  it("decides without touching the shared store; one batched write per sync interval", async () => {
    const store = countingStore(postgresStore());
    const limiter = limiterOn(store, () => new Date());
    for (let i = 0; i < 1_000; i += 1) limiter.consume(`tok-${i % 10}`, 10_000);
    expect(store.calls).toBe(0);
    await limiter.sync();
    expect(store.calls).toBe(1);
    await limiter.close();
  });

  it("shares counts across instances through the store (approximate within one sync)", async () => {
    const store = postgresStore();
    const prefix = uniqueKey("shared");
    const time = minuteClock(1_000);
    const first = limiterOn(store, time.now, prefix);
    const second = limiterOn(store, time.now, prefix);
    for (let i = 0; i < 60; i += 1) first.consume("tok", 100);
    await first.sync();
    // The second instance learns the shared total at its first sync and stops at the limit.
    second.consume("tok", 100);
    await second.sync();
    let allowedBySecond = 1;
    while (second.consume("tok", 100).allowed) allowedBySecond += 1;
    expect(allowedBySecond).toBe(40);
    await second.sync();
    await first.sync();
    // Now the first instance sees the second's requests too.
    expect(first.consume("tok", 100).allowed).toBe(false);
    await Promise.all([first.close(), second.close()]);
  });

  it("keeps counting locally and never throws when the store is down", async () => {
    const failures: unknown[] = [];
    const limiter = new BatchedWindowLimiter({
      store: unreachableStore(),
      windowMs: MINUTE,
      syncIntervalMs: 60_000,
      prefix: "broken",
      onSyncError: (error) => failures.push(error),
    });
    expect(limiter.consume("tok", 2).allowed).toBe(true);
    await limiter.sync();
    expect(failures).toHaveLength(1);
    // The unsynced hit is still counted.
    expect(limiter.consume("tok", 2)).toMatchObject({ allowed: true, remaining: 0 });
    expect(limiter.consume("tok", 2).allowed).toBe(false);
    await limiter.close();
  });

  it("with idle refresh off, syncs only the keys hit since the last sync, reading each once more", async () => {
    const inner = postgresStore();
    const synced: string[][] = [];
    const recording: RateLimitStore = {
      name: inner.name,
      incrementMany: (increments, windowMs, now) => {
        synced.push(increments.map((increment) => increment.key.split(":").at(-1)!));
        return inner.incrementMany(increments, windowMs, now);
      },
      peek: (key, windowMs, now) => inner.peek(key, windowMs, now),
      reset: (key) => inner.reset(key),
    };
    const limiter = new BatchedWindowLimiter({
      store: recording,
      windowMs: MINUTE,
      syncIntervalMs: 60_000,
      prefix: uniqueKey("ips"),
      refreshIdleKeys: false,
    });
    limiter.consume("a", 20);
    limiter.consume("b", 20);
    await limiter.sync();
    limiter.consume("a", 20);
    await limiter.sync();
    await limiter.sync();
    await limiter.sync();
    // "b" is read once after its write (to learn other instances' hits), then left alone.
    expect(synced).toEqual([["a", "b"], ["a", "b"], ["a"]]);
    await limiter.close();
  });

  it("exhausted() tells a used-up key apart without counting a request", async () => {
    const time = minuteClock(20_000);
    const limiter = limiterOn(postgresStore(), time.now);
    for (let i = 0; i < 2; i += 1) limiter.consume("ip", 3);
    expect(limiter.exhausted("ip", 3)).toBeNull();
    expect(limiter.exhausted("ip", 3)).toBeNull();
    limiter.consume("ip", 3);
    expect(limiter.exhausted("ip", 3)).toEqual({ resetSeconds: 40 });
    expect(limiter.exhausted("other", 3)).toBeNull();
    time.advance(40_000);
    expect(limiter.exhausted("ip", 3)).toBeNull();
    await limiter.close();
  });

  it("tracks at most maxKeys keys a window; a key beyond them is not counted", async () => {
    const time = minuteClock();
    const limiter = new BatchedWindowLimiter({
      store: postgresStore(),
      windowMs: MINUTE,
      syncIntervalMs: 60_000,
      prefix: uniqueKey("ips"),
      maxKeys: 2,
      now: time.now,
    });
    limiter.consume("a", 1);
    limiter.consume("b", 1);
    expect(limiter.consume("a", 1).allowed).toBe(false);
    for (let i = 0; i < 5; i += 1) expect(limiter.consume("c", 1).allowed).toBe(true);
    // Once the old window's counts are synced, its entries make room for new keys.
    await limiter.sync();
    time.advance(MINUTE);
    limiter.consume("c", 1);
    expect(limiter.consume("c", 1).allowed).toBe(false);
    await limiter.close();
  });
});
