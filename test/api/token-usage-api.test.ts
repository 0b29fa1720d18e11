import { describe, expect, it } from "vitest";
import { listDomainsOperation } from "@/app/api/v1/domains/operations";
import { getTokenOperation } from "@/app/api/v1/tokens/[id]/operations";
import { getTokenUsageOperation } from "@/app/api/v1/tokens/[id]/usage/operations";
import { listWebhooksOperation } from "@/app/api/v1/webhooks/operations";
import { db } from "@/lib/db";
import { flushRequestLogs } from "@/lib/services/logs/writer";
import { createApiTenant, createApiToken } from "@/test/api/helpers";
import { callOperation } from "@/test/api/operation-fixtures";
import { holdClock } from "@/test/clock";

// The Access advisor's figures against a known set of requests: real requests through the
// pipeline, their log rows written by the real batch writer, the figures read from the
// rollup its trigger keeps (never from the raw log).

const DAY_MS = 24 * 60 * 60 * 1000;
const NOW = new Date("2026-12-01T12:00:00.000Z");

async function requests(at: Date, count: number, call: () => Promise<Response>) {
  const held = holdClock(at);
  for (let i = 0; i < count; i++) {
    held.set(new Date(at.getTime() + i * 1000));
    await call();
  }
  await flushRequestLogs();
}

describe("GET /api/v1/tokens/{id}/usage", () => {
  it("answers per scope and per operation, from accepted requests in the window", async () => {
    const { organization, token, tokenRow } = await createApiTenant("PRO", [
      "domains:read",
      "domains:write",
      "tokens:read",
    ]);
    const id = tokenRow.id;
    const listDomains = () => callOperation(listDomainsOperation, {}, { token });
    // Outside the 90-day window: counted nowhere.
    await requests(new Date(NOW.getTime() - 100 * DAY_MS), 1, listDomains);
    // Within 90 days, not within 30.
    await requests(new Date(NOW.getTime() - 40 * DAY_MS), 2, listDomains);
    const recent = new Date(NOW.getTime() - DAY_MS);
    await requests(recent, 3, listDomains);
    await requests(recent, 1, () => callOperation(getTokenOperation, { id }, { token }));
    // Refused for its scope: it used nothing.
    await requests(recent, 1, () => callOperation(listWebhooksOperation, {}, { token }));

    holdClock(NOW);
    const response = await callOperation(getTokenUsageOperation, { id }, { token });
    expect(response.status).toBe(200);
    const { data } = await response.json();
    expect(data.unused).toBe(false);
    expect(data.usedScopes).toEqual(["domains:read", "tokens:read"]);
    expect(data.scopes).toEqual([
      {
        scope: "domains:read",
        lastUsedAt: new Date(recent.getTime() + 2000).toISOString(),
        requests30d: 3,
        requests90d: 5,
        unused90d: false,
      },
      {
        scope: "domains:write",
        lastUsedAt: null,
        requests30d: 0,
        requests90d: 0,
        unused90d: true,
      },
      {
        scope: "tokens:read",
        lastUsedAt: recent.toISOString(),
        requests30d: 1,
        requests90d: 1,
        unused90d: false,
      },
    ]);
    expect(data.operations).toEqual([
      expect.objectContaining({
        method: "GET",
        path: "/api/v1/domains",
        scope: "domains:read",
        requests30d: 3,
        requests90d: 5,
      }),
      expect.objectContaining({
        method: "GET",
        path: "/api/v1/tokens/{id}",
        scope: "tokens:read",
        requests90d: 1,
      }),
    ]);
    // The raw rows carry the operation and scope the rollup counted.
    const logged = await db.apiRequestLog.findFirst({
      where: { tokenId: id, organizationId: organization.id, refusalReason: null },
      select: { operation: true, scope: true },
    });
    expect(logged).toEqual({ operation: "GET /api/v1/domains", scope: "domains:read" });
  });

  it("says a token never used is unused, and hides another organization's token", async () => {
    const { organization, token } = await createApiTenant("PRO", ["tokens:read"]);
    const other = await createApiToken({
      organizationId: organization.id,
      scopes: ["domains:read"],
    });
    const response = await callOperation(getTokenUsageOperation, { id: other.row.id }, { token });
    const { data } = await response.json();
    expect(data).toMatchObject({ unused: true, usedScopes: [], operations: [] });
    expect(data.scopes).toEqual([
      expect.objectContaining({ scope: "domains:read", unused90d: true, lastUsedAt: null }),
    ]);

    const stranger = await createApiTenant("PRO", ["tokens:read"]);
    const hidden = await callOperation(
      getTokenUsageOperation,
      { id: other.row.id },
      { token: stranger.token },
    );
    expect(hidden.status).toBe(404);
  });
});
