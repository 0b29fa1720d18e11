import { afterAll, describe, expect, it } from "vitest";
import type { ReservingRateLimitStore } from "@/lib/rate-limit/store";
import { minuteClock, postgresStore, redisStore, uniqueKey } from "@/lib/rate-limit/test-stores";

const MINUTE = 60_000;
const redis = redisStore();
afterAll(() => redis.close());

const stores: Array<[string, ReservingRateLimitStore]> = [
  ["PostgreSQL (rate_limit_buckets)", postgresStore()],
  ["Redis", redis.store],
];

describe("rate-limit store: PostgreSQL pruning", () => {
  it("prunes by the clock it is given, never the database's", async () => {
    // A store counting three days behind the database (a test's clock, a drifting host)
    // must still find its current window's row after pruning.
    const store = postgresStore();
    const key = uniqueKey("prune");
    const behind = new Date(minuteClock().now().getTime() - 3 * 24 * 60 * MINUTE);
    await store.incrementMany([{ key, by: 2 }], MINUTE, behind);
    await store.prune(behind);
    await expect(store.peek(key, MINUTE, behind)).resolves.toMatchObject({ count: 2 });
    // A day past that window, the same clock prunes it.
    const dayLater = new Date(behind.getTime() + 24 * 60 * MINUTE + MINUTE);
    await store.prune(dayLater);
    await expect(store.peek(key, MINUTE, behind)).resolves.toMatchObject({ count: 0 });
  });
});

describe.each(stores)("rate-limit store: %s", (_name, store) => {
  it("adds increments within a window and reports when the window resets", async () => {
    const key = uniqueKey("add");
    const clock = minuteClock(10_000);
    const now = clock.now();
    const [first] = await store.incrementMany([{ key, by: 1 }], MINUTE, now);
    const [second] = await store.incrementMany([{ key, by: 4 }], MINUTE, now);
    expect(first).toMatchObject({ key, count: 1 });
    expect(second).toMatchObject({ key, count: 5 });
    expect(second?.resetAt).toEqual(clock.at(50_000));
    await expect(store.peek(key, MINUTE, now)).resolves.toMatchObject({ count: 5 });
  });

  it("starts again from zero in the next window", async () => {
    const key = uniqueKey("window");
    const clock = minuteClock(59_999);
    await store.incrementMany([{ key, by: 7 }], MINUTE, clock.now());
    const next = clock.at(1);
    await expect(store.peek(key, MINUTE, next)).resolves.toMatchObject({ count: 0 });
    const [counted] = await store.incrementMany([{ key, by: 1 }], MINUTE, next);
    expect(counted?.count).toBe(1);
  });

  it("loses no hit when many increments race (one atomic statement each)", async () => {
    const key = uniqueKey("race");
    const now = new Date();
    await Promise.all(
      Array.from({ length: 100 }, () => store.incrementMany([{ key, by: 1 }], MINUTE, now)),
    );
    await expect(store.peek(key, MINUTE, now)).resolves.toMatchObject({ count: 100 });
  });

  it("applies a batch of keys in one call and reads with an increment of 0", async () => {
    const a = uniqueKey("batch-a");
    const b = uniqueKey("batch-b");
    const now = new Date();
    const counts = await store.incrementMany(
      [
        { key: a, by: 3 },
        { key: b, by: 2 },
      ],
      MINUTE,
      now,
    );
    expect(Object.fromEntries(counts.map((c) => [c.key, c.count]))).toEqual({ [a]: 3, [b]: 2 });
    const [read] = await store.incrementMany([{ key: a, by: 0 }], MINUTE, now);
    expect(read?.count).toBe(3);
  });

  it("forgets a key on reset", async () => {
    const key = uniqueKey("reset");
    const now = new Date();
    await store.incrementMany([{ key, by: 9 }], MINUTE, now);
    await store.reset(key);
    await expect(store.peek(key, MINUTE, now)).resolves.toMatchObject({ count: 0 });
  });

  it("grants exactly `limit` of many racing reservations (compare and add in one step)", async () => {
    const key = uniqueKey("reserve-race");
    const now = new Date();
    const reservations = await Promise.all(
      Array.from({ length: 30 }, () => store.reserve(key, 10, MINUTE, now)),
    );
    expect(reservations.filter((reservation) => reservation.granted)).toHaveLength(10);
    expect(reservations.map((reservation) => reservation.count).sort((a, b) => a - b)).toEqual([
      ...Array.from({ length: 10 }, (_, index) => index + 1),
      ...Array.from({ length: 20 }, () => 10),
    ]);
    await expect(store.peek(key, MINUTE, now)).resolves.toMatchObject({ count: 10 });
  });

  it("releases a reservation in its own window only, never below zero", async () => {
    const key = uniqueKey("release");
    const clock = minuteClock(30_000);
    const held = await store.reserve(key, 3, MINUTE, clock.now());
    expect(held).toMatchObject({ granted: true, count: 1, resetAt: clock.at(30_000) });
    await store.release(key, MINUTE, held.resetAt);
    await store.release(key, MINUTE, held.resetAt);
    await expect(store.peek(key, MINUTE, clock.now())).resolves.toMatchObject({ count: 0 });
    // A reservation from the previous window gives nothing back in this one.
    await store.reserve(key, 3, MINUTE, clock.now());
    await store.release(key, MINUTE, clock.at(-30_000));
    await expect(store.peek(key, MINUTE, clock.now())).resolves.toMatchObject({ count: 1 });
    // The next window starts again from zero.
    const next = clock.at(30_000);
    await expect(store.reserve(key, 1, MINUTE, next)).resolves.toMatchObject({
      granted: true,
      count: 1,
    });
    await expect(store.reserve(key, 1, MINUTE, next)).resolves.toMatchObject({ granted: false });
  });
});
