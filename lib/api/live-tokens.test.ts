import { createHash, randomBytes } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { tokenHashPrefix } from "@/lib/api/live-token-set";
import { type LiveTokenSource, LiveTokens } from "@/lib/api/live-tokens";

const randomHash = () => createHash("sha256").update(randomBytes(32)).digest("hex");
const prefixOf = (hash: string) => tokenHashPrefix(hash) as bigint;

/**
 * A database as the set sees it: a table of live hashes, a listener connection that can
 * drop, and this process's own announcements. Every call is recorded in order.
 */
function fakeDatabase(options: { listens?: boolean } = {}) {
  const table = new Set<string>();
  const calls: string[] = [];
  let handlers: Parameters<NonNullable<LiveTokenSource["listen"]>>[0] | null = null;
  let local: ((hash: string) => void) | null = null;
  let failLoads = 0;
  const source: LiveTokenSource = {
    async load() {
      calls.push("load");
      if (failLoads > 0) {
        failLoads -= 1;
        throw new Error("database unavailable");
      }
      return BigUint64Array.from([...table].map(prefixOf)).sort();
    },
    listen:
      options.listens === false
        ? null
        : async (given) => {
            calls.push("listen");
            handlers = given;
            return {
              async close() {
                calls.push("close");
                handlers = null;
              },
            };
          },
    onLocalToken(listener) {
      local = listener;
      return () => {
        local = null;
      };
    },
  };
  return {
    source,
    calls,
    /** A token inserted by anyone: in the table, and announced to whoever listens. */
    insert(hash = randomHash()) {
      table.add(hash);
      handlers?.onToken(hash.slice(0, 16));
      return hash;
    },
    /** A token created by this process's services (announced in-process only). */
    createHere(hash = randomHash()) {
      table.add(hash);
      local?.(hash);
      return hash;
    },
    revoke(hash: string) {
      table.delete(hash);
    },
    dropConnection() {
      const lost = handlers;
      handlers = null;
      lost?.onLost(new Error("connection terminated"));
    },
    failNextLoads(count: number) {
      failLoads = count;
    },
  };
}

function keeper(source: LiveTokenSource, overrides: { maxAddedBeforeRebuild?: number } = {}) {
  return new LiveTokens({
    source,
    rebuildIntervalMs: 15 * 60_000,
    retryDelayMs: 1_000,
    maxAddedBeforeRebuild: overrides.maxAddedBeforeRebuild ?? 1_000,
  });
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe("LiveTokens", () => {
  it("listens first, then builds, so that no token created in between is missed", async () => {
    const database = fakeDatabase();
    const existing = database.insert();
    const live = keeper(database.source).start();
    await live.ready();
    expect(database.calls).toEqual(["listen", "load"]);
    expect(live.mayBeLive(existing)).toBe(true);
    await live.stop();
  });

  it("adds tokens announced by other instances, and whenKnown waits for the announcement", async () => {
    const database = fakeDatabase();
    const live = keeper(database.source).start();
    await live.ready();
    const hash = randomHash();
    const known = live.whenKnown(hash);
    expect(live.mayBeLive(hash)).toBe(false);
    database.insert(hash);
    await known;
    expect(live.mayBeLive(hash)).toBe(true);
    await live.stop();
  });

  it("after a lost connection, listens again and rebuilds, picking up what nobody heard", async () => {
    const database = fakeDatabase();
    const live = keeper(database.source).start();
    await live.ready();
    database.dropConnection();
    const missed = database.insert();
    expect(live.mayBeLive(missed)).toBe(false);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(database.calls).toEqual(["listen", "load", "listen", "load"]);
    expect(live.mayBeLive(missed)).toBe(true);
    await live.stop();
  });

  it("retries a failed build, with growing delays; until built it says no", async () => {
    const database = fakeDatabase();
    const hash = database.insert();
    database.failNextLoads(2);
    const live = keeper(database.source).start();
    await vi.advanceTimersByTimeAsync(0);
    expect(live.set.built).toBe(false);
    expect(live.mayBeLive(hash)).toBe(false);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(live.set.built).toBe(false);
    await vi.advanceTimersByTimeAsync(2_000);
    await live.ready();
    expect(live.mayBeLive(hash)).toBe(true);
    expect(database.calls.filter((call) => call === "load")).toHaveLength(3);
    await live.stop();
  });

  it("rebuilds periodically: revoked tokens leave the set", async () => {
    const database = fakeDatabase();
    const revoked = database.insert();
    const live = keeper(database.source).start();
    await live.ready();
    database.revoke(revoked);
    expect(live.mayBeLive(revoked)).toBe(true);
    await vi.advanceTimersByTimeAsync(15 * 60_000);
    expect(live.mayBeLive(revoked)).toBe(false);
    await live.stop();
  });

  it("rebuilds early once many tokens were added since the build", async () => {
    const database = fakeDatabase();
    const live = keeper(database.source, { maxAddedBeforeRebuild: 3 }).start();
    await live.ready();
    for (let i = 0; i < 4; i += 1) database.insert();
    await vi.advanceTimersByTimeAsync(0);
    expect(database.calls.filter((call) => call === "load")).toHaveLength(2);
    expect(live.set.size).toEqual({ built: 4, added: 0 });
    await live.stop();
  });

  it("without a listener (the embedded database), adds the tokens this process creates", async () => {
    const database = fakeDatabase({ listens: false });
    const live = keeper(database.source).start();
    await live.ready();
    expect(database.calls).toEqual(["load"]);
    const created = database.createHere();
    expect(live.mayBeLive(created)).toBe(true);
    await live.stop();
  });

  it("stops: closes its connection, and neither rebuilds nor reconnects afterwards", async () => {
    const database = fakeDatabase();
    const live = keeper(database.source).start();
    await live.ready();
    await live.stop();
    expect(database.calls).toEqual(["listen", "load", "close"]);
    await vi.advanceTimersByTimeAsync(60 * 60_000);
    expect(database.calls).toEqual(["listen", "load", "close"]);
  });
});
