import { describe, expect, it } from "vitest";
import { tokenHashPrefix } from "@/lib/api/live-token-set";
import { db } from "@/lib/db";
import { loadLiveTokenPrefixes } from "@/lib/sql";
import { createApiTenant, createApiToken } from "@/test/api/helpers";

const HOUR_MS = 3_600_000;

describe("loadLiveTokenPrefixes", () => {
  it("reads the prefix of every token the API would accept at that instant, in ascending order", async () => {
    const now = new Date();
    const { organization, tokenRow: plain } = await createApiTenant("PRO");
    const organizationId = organization.id;
    const later = new Date(now.getTime() + HOUR_MS);
    const earlier = new Date(now.getTime() - HOUR_MS);
    const expiring = await createApiToken({ organizationId, expiresAt: later });
    const expired = await createApiToken({ organizationId, expiresAt: earlier });
    const revoked = await createApiToken({ organizationId, revokedAt: earlier });
    const inGrace = await createApiToken({ organizationId });
    const pastGrace = await createApiToken({ organizationId });
    await db.apiToken.update({
      where: { id: inGrace.row.id },
      data: { rotatedAt: earlier, rotationEndsAt: later },
    });
    await db.apiToken.update({
      where: { id: pastGrace.row.id },
      data: { rotatedAt: earlier, rotationEndsAt: now },
    });

    const prefixes = await loadLiveTokenPrefixes(now);
    const holds = (row: { tokenHash: string }) =>
      prefixes.includes(tokenHashPrefix(row.tokenHash) as bigint);
    expect([plain, expiring.row, inGrace.row].map(holds)).toEqual([true, true, true]);
    // Expired and past its grace period from the very millisecond, as lib/api/bearer.ts.
    expect([expired.row, revoked.row, pastGrace.row].map(holds)).toEqual([false, false, false]);
    expect(prefixes.every((prefix, i) => i === 0 || (prefixes[i - 1] as bigint) <= prefix)).toBe(
      true,
    );
  });
});
