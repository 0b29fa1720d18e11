import { afterAll, describe, expect, it } from "vitest";
import { BatchedWindowLimiter, type RateLimitDecision } from "@/lib/rate-limit/batched-limiter";
import type { RateLimitStore } from "@/lib/rate-limit/store";
import {
  countingStore,
  minuteClock,
  postgresStore,
  redisStore,
  uniqueKey,
  unreachableStore,
} from "@/lib/rate-limit/test-stores";

// Limits that hold across app instances: decide() is consume() below the limit and asks
// the shared store near it (see BatchedWindowLimiter.decide). Several limiters on one real
// store stand for several app instances.

const MINUTE = 60_000;
const PRO_LIMIT = 600;

const redis = redisStore();
afterAll(() => redis.close());

function instance(
  store: RateLimitStore,
  now: () => Date,
  prefix: string,
  options: { refreshIdleKeys?: boolean; onSyncError?: (error: unknown) => void } = {},
) {
  return new BatchedWindowLimiter({
    store,
    windowMs: MINUTE,
    syncIntervalMs: 1_000,
    prefix,
    now,
    ...options,
  });
}

/** Two app instances' token limiters on one store, early in the current minute. */
function twoInstances(store: RateLimitStore): [BatchedWindowLimiter, BatchedWindowLimiter] {
  const time = minuteClock(1_000);
  const prefix = uniqueKey("tokens");
  return [instance(store, time.now, prefix), instance(store, time.now, prefix)];
}

const stores: Array<[string, () => RateLimitStore]> = [
  ["PostgreSQL", postgresStore],
  ["Redis", () => redis.store],
];

describe.each(stores)("decide() across instances on %s", (_name, makeStore) => {
  it("holds a limit of 600 to within 10 % for 900 requests spread over two instances", async () => {
    const store = makeStore();
    const instances = twoInstances(store);
    // All 900 start before any answer comes back, alternating between the instances, as
    // requests do behind a round-robin proxy.
    const decisions = await Promise.all(
      Array.from({ length: 900 }, (_, i) => instances[i % 2]!.decide("tok", PRO_LIMIT)),
    );
    const allowed = decisions.filter((decision) => decision.allowed).length;
    expect(allowed).toBeGreaterThanOrEqual(PRO_LIMIT);
    expect(allowed).toBeLessThanOrEqual(660);
    await Promise.all(instances.map((limiter) => limiter.close()));
  });

  it("holds it too when each request waits for the previous answer", async () => {
    const store = makeStore();
    const instances = twoInstances(store);
    let allowed = 0;
    for (let i = 0; i < 900; i += 1) {
      if ((await instances[i % 2]!.decide("tok", PRO_LIMIT)).allowed) allowed += 1;
    }
    expect(allowed).toBeGreaterThanOrEqual(PRO_LIMIT);
    expect(allowed).toBeLessThanOrEqual(660);
    await Promise.all(instances.map((limiter) => limiter.close()));
  });
});

describe("decide() on the cheap path", () => {
  it("consume() alone lets two instances overshoot (the problem decide() solves)", async () => {
    const store = postgresStore();
    const instances = twoInstances(store);
    let allowed = 0;
    for (let i = 0; i < 900; i += 1) {
      if (instances[i % 2]!.consume("tok", PRO_LIMIT).allowed) allowed += 1;
    }
    expect(allowed).toBe(900);
    await Promise.all(instances.map((limiter) => limiter.close()));
  });

  it("answers synchronously without a store call below the limit, then asks the store near it", async () => {
    const store = countingStore(postgresStore());
    const time = minuteClock(1_000);
    const limiter = instance(store, time.now, uniqueKey("tokens"));
    // 20 requests a second (twice a Pro token's sustainable rate), synced every second.
    let decided = 0;
    while (decided < 540) {
      for (let i = 0; i < 20; i += 1) {
        const decision = limiter.decide("tok", PRO_LIMIT);
        expect(decision).not.toBeInstanceOf(Promise);
        decided += 1;
      }
      await limiter.sync();
      time.advance(1_000);
    }
    // Only the syncs reached the store: one per second.
    expect(store.calls).toBe(27);
    // 540 is 90 % of the limit: from here each request is decided by the store.
    const nearLimit = limiter.decide("tok", PRO_LIMIT);
    expect(nearLimit).toBeInstanceOf(Promise);
    expect(await nearLimit).toMatchObject({ allowed: true, remaining: 59, resetSeconds: 32 });
    expect(store.calls).toBe(28);
    await limiter.close();
  });

  it("asks the store for a burst beyond three times the sustainable rate per sync", async () => {
    const store = countingStore(postgresStore());
    const time = minuteClock(1_000);
    const limiter = instance(store, time.now, uniqueKey("tokens"));
    // A Pro token may sustain 10 requests a second: 30 unsynced ones are decided locally.
    const burst: Array<RateLimitDecision | Promise<RateLimitDecision>> = [];
    for (let i = 0; i < 31; i += 1) burst.push(limiter.decide("tok", PRO_LIMIT));
    expect(burst.slice(0, 30).some((decision) => decision instanceof Promise)).toBe(false);
    expect(burst[30]).toBeInstanceOf(Promise);
    // The 31st request carried the 30 before it to the store.
    expect(await burst[30]).toMatchObject({ allowed: true, remaining: PRO_LIMIT - 31 });
    expect(store.calls).toBe(1);
    await limiter.close();
  });

  it("falls back to the local decision when the store is down, keeping the hits", async () => {
    const failures: unknown[] = [];
    const limiter = instance(unreachableStore("redis"), minuteClock(1_000).now, "broken", {
      onSyncError: (error) => failures.push(error),
    });
    // A limit of 2 has a burst budget of 1: the second request asks the store.
    expect(limiter.decide("tok", 2)).toMatchObject({ allowed: true, remaining: 1 });
    expect(await limiter.decide("tok", 2)).toMatchObject({ allowed: true, remaining: 0 });
    expect(failures).toHaveLength(1);
    expect(await limiter.decide("tok", 2)).toMatchObject({ allowed: false });
    await limiter.close().catch(() => {});
  });
});

describe("keys without idle refresh (failed authentications per client IP)", () => {
  it("learn the failures another instance counted at the same time", async () => {
    const store = postgresStore();
    const time = minuteClock(1_000);
    const prefix = uniqueKey("ips");
    const [first, second] = [0, 1].map(() =>
      instance(store, time.now, prefix, { refreshIdleKeys: false }),
    ) as [BatchedWindowLimiter, BatchedWindowLimiter];
    // 20 failures spread over both instances, then each syncs on its own timer.
    for (let i = 0; i < 20; i += 1) (i % 2 === 0 ? first : second).consume("203.0.113.7", 20);
    await first.sync();
    await second.sync();
    // The first wrote before the second: one more read tells it the total.
    await first.sync();
    await second.sync();
    expect(first.exhausted("203.0.113.7", 20)).not.toBeNull();
    expect(second.exhausted("203.0.113.7", 20)).not.toBeNull();
    await Promise.all([first.close(), second.close()]);
  });
});
