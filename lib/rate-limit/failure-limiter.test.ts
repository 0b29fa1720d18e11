import { afterAll, describe, expect, it } from "vitest";
import { FailureLimiter } from "@/lib/rate-limit/failure-limiter";
import type { ReservingRateLimitStore } from "@/lib/rate-limit/store";
import { countingStore, postgresStore, redisStore, uniqueKey } from "@/lib/rate-limit/test-stores";

const MINUTE = 60_000;
const redis = redisStore();
afterAll(() => redis.close());

describe.each([
  ["PostgreSQL", postgresStore()],
  ["Redis", redis.store],
] as Array<[string, ReservingRateLimitStore]>)("FailureLimiter on %s", (_name, inner) => {
  function limiter(store: ReservingRateLimitStore = inner, prefix = uniqueKey("fail")) {
    return new FailureLimiter({ store, limit: 20, windowMs: MINUTE, prefix });
  }

  it("blocks a key after `limit` failures, with a Retry-After within the window", async () => {
    const failures = limiter();
    for (let i = 1; i < 20; i += 1) {
      await expect(failures.recordFailure("203.0.113.7")).resolves.toMatchObject({
        count: i,
        blocked: false,
      });
    }
    const twentieth = await failures.recordFailure("203.0.113.7");
    expect(twentieth).toMatchObject({ count: 20, blocked: true });
    expect(twentieth.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(twentieth.retryAfterSeconds).toBeLessThanOrEqual(60);
  });

  it("refuses an already-blocked key from memory, without a store round trip", async () => {
    const store = countingStore(inner);
    const failures = limiter(store);
    for (let i = 0; i < 20; i += 1) await failures.recordFailure("198.51.100.1");
    const callsAfterBlocking = store.calls;
    for (let i = 0; i < 1_000; i += 1) {
      expect(failures.blockedLocally("198.51.100.1")?.blocked).toBe(true);
    }
    expect(store.calls).toBe(callsAfterBlocking);
  });

  it("does not affect other keys", async () => {
    const failures = limiter();
    for (let i = 0; i < 20; i += 1) await failures.recordFailure("198.51.100.2");
    expect(failures.blockedLocally("198.51.100.3")).toBeNull();
    await expect(failures.check("198.51.100.3")).resolves.toMatchObject({
      count: 0,
      blocked: false,
    });
  });

  it("shares the count: a second instance sees the block at its next check or failure", async () => {
    const prefix = uniqueKey("shared-fail");
    const first = limiter(inner, prefix);
    const second = limiter(inner, prefix);
    for (let i = 0; i < 20; i += 1) await first.recordFailure("192.0.2.44");
    expect(second.blockedLocally("192.0.2.44")).toBeNull();
    await expect(second.check("192.0.2.44")).resolves.toMatchObject({ blocked: true });
    expect(second.blockedLocally("192.0.2.44")?.blocked).toBe(true);
  });

  it("lets the key in again after a reset", async () => {
    const failures = limiter();
    for (let i = 0; i < 20; i += 1) await failures.recordFailure("192.0.2.50");
    await failures.reset("192.0.2.50");
    expect(failures.blockedLocally("192.0.2.50")).toBeNull();
    await expect(failures.check("192.0.2.50")).resolves.toMatchObject({ blocked: false });
  });

  it("reserves at most `limit` attempts at once, and a released one can be made again", async () => {
    const failures = limiter();
    const reservations = await Promise.all(
      Array.from({ length: 30 }, () => failures.reserve("192.0.2.60")),
    );
    const granted = reservations.filter((reservation) => reservation.granted);
    expect(granted).toHaveLength(20);
    expect(failures.blockedLocally("192.0.2.60")?.blocked).toBe(true);
    const [first] = granted;
    if (!first) throw new Error("unreachable");
    await failures.release("192.0.2.60", first);
    await expect(failures.reserve("192.0.2.60")).resolves.toMatchObject({ granted: true });
    await expect(failures.reserve("192.0.2.60")).resolves.toMatchObject({ granted: false });
  });
});
