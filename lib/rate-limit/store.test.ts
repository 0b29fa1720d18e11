import { afterAll, describe, expect, it } from "vitest";
import type { RateLimitStore } from "@/lib/rate-limit/store";
import { postgresStore, redisStore, uniqueKey } from "@/lib/rate-limit/test-stores";

const MINUTE = 60_000;
const redis = redisStore();
afterAll(() => redis.close());

const stores: Array<[string, RateLimitStore]> = [
  ["PostgreSQL (rate_limit_buckets)", postgresStore()],
  ["Redis", redis.store],
];

describe.each(stores)("rate-limit store: %s", (_name, store) => {
  const at = (iso: string) => new Date(iso);

  it("adds increments within a window and reports when the window resets", async () => {
    const key = uniqueKey("add");
    const now = at("2026-11-22T10:00:10.000Z");
    const [first] = await store.incrementMany([{ key, by: 1 }], MINUTE, now);
    const [second] = await store.incrementMany([{ key, by: 4 }], MINUTE, now);
    expect(first).toMatchObject({ key, count: 1 });
    expect(second).toMatchObject({ key, count: 5 });
    expect(second?.resetAt.toISOString()).toBe("2026-11-22T10:01:00.000Z");
    await expect(store.peek(key, MINUTE, now)).resolves.toMatchObject({ count: 5 });
  });

  it("starts again from zero in the next window", async () => {
    const key = uniqueKey("window");
    await store.incrementMany([{ key, by: 7 }], MINUTE, at("2026-11-22T10:00:59.999Z"));
    const next = at("2026-11-22T10:01:00.000Z");
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
});
