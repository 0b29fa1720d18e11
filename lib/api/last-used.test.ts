import { describe, expect, it, vi } from "vitest";
import * as domainsRoute from "@/app/api/v1/domains/route";
import { flushLastUsedUpdates, resetLastUsedMemo } from "@/lib/api/last-used";
import { clock } from "@/lib/clock";
import { db, dbPool } from "@/lib/db";
import { apiRequest, createApiTenant } from "@/test/api/helpers";
import { holdClock } from "@/test/clock";

// Last-used tracking is throttled: at most one write per token per minute, and always one
// when the client IP changes. The dashboard's "last used" is therefore precise to a minute.

async function use(token: string, ip: string) {
  const response = await domainsRoute.GET(apiRequest("/api/v1/domains", { token, ip }));
  expect(response.status).toBe(200);
  await flushLastUsedUpdates();
}

async function lastUsed(tokenId: string) {
  const row = await db.apiToken.findUniqueOrThrow({ where: { id: tokenId } });
  return { at: row.lastUsedAt?.toISOString() ?? null, ip: row.lastUsedIp };
}

describe("last-used tracking", () => {
  it("records the first use, then at most once a minute from the same IP", async () => {
    const { token, tokenRow } = await createApiTenant("PRO");
    const start = clock.now();
    const held = holdClock(start);

    await use(token, "192.0.2.1");
    expect(await lastUsed(tokenRow.id)).toEqual({ at: start.toISOString(), ip: "192.0.2.1" });

    held.set(new Date(start.getTime() + 59_000));
    await use(token, "192.0.2.1");
    expect((await lastUsed(tokenRow.id)).at).toBe(start.toISOString());

    const later = new Date(start.getTime() + 61_000);
    held.set(later);
    await use(token, "192.0.2.1");
    expect((await lastUsed(tokenRow.id)).at).toBe(later.toISOString());
  });

  it("always records a change of IP, even within the minute", async () => {
    const { token, tokenRow } = await createApiTenant("PRO");
    const start = clock.now();
    const held = holdClock(start);
    await use(token, "192.0.2.1");

    const moved = new Date(start.getTime() + 5_000);
    held.set(moved);
    await use(token, "2001:db8::7");
    expect(await lastUsed(tokenRow.id)).toEqual({ at: moved.toISOString(), ip: "2001:db8::7" });
  });

  it("another instance within the minute does not write again", async () => {
    const { token, tokenRow } = await createApiTenant("PRO");
    const start = clock.now();
    const held = holdClock(start);
    await use(token, "192.0.2.1");

    // A second instance has no memo, but reads the fresh row and skips the write.
    resetLastUsedMemo();
    held.set(new Date(start.getTime() + 30_000));
    await use(token, "192.0.2.1");
    expect((await lastUsed(tokenRow.id)).at).toBe(start.toISOString());
  });

  it("concurrent requests of a busy token produce a single write", async () => {
    const { token, tokenRow } = await createApiTenant("PRO");
    const queries = vi.spyOn(dbPool, "query");
    await Promise.all(
      Array.from({ length: 50 }, () =>
        domainsRoute.GET(apiRequest("/api/v1/domains", { token, ip: "192.0.2.9" })),
      ),
    );
    await flushLastUsedUpdates();
    const touches = queries.mock.calls.filter(([query]) =>
      (query as { text?: string }).text?.includes("UPDATE api_tokens"),
    );
    expect(touches).toHaveLength(1);
    expect((await lastUsed(tokenRow.id)).ip).toBe("192.0.2.9");
    queries.mockRestore();
  });

  it("failed requests do not count as use", async () => {
    const { token, tokenRow } = await createApiTenant("STARTER");
    const response = await domainsRoute.GET(apiRequest("/api/v1/domains", { token }));
    expect(response.status).toBe(403);
    await flushLastUsedUpdates();
    expect(await lastUsed(tokenRow.id)).toEqual({ at: null, ip: null });
  });
});
