import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { generateApiToken } from "@/lib/auth/token";
import { appServerAndDatabaseForSuite, waitUntil } from "@/test/stress/harness";

// While clients hammer the API with a token, the token is revoked. Every request that
// started after the revocation committed must fail: there is no cache anywhere that could
// still serve it. Requests in flight at that moment may finish either way.

const HAMMER_CLIENTS = 12;

const suite = appServerAndDatabaseForSuite();

describe("revocation race", () => {
  it("no request that starts after the revocation commits succeeds", async () => {
    const organizationId = randomUUID();
    await suite.client.query(
      `INSERT INTO organizations (id, name, plan, updated_at) VALUES ($1, $2, 'ENTERPRISE', now())`,
      [organizationId, `Race ${organizationId.slice(0, 8)}`],
    );
    const generated = generateApiToken();
    const tokenId = randomUUID();
    await suite.client.query(
      `INSERT INTO api_tokens (id, organization_id, name, token_hash, last_four, updated_at)
       VALUES ($1, $2, 'race', $3, $4, now())`,
      [tokenId, organizationId, generated.tokenHash, generated.lastFour],
    );

    const results: Array<{ startedAt: number; status: number }> = [];
    let stop = false;
    const hammer = Array.from({ length: HAMMER_CLIENTS }, async () => {
      while (!stop) {
        const startedAt = Date.now();
        const response = await fetch(`${suite.server.url}/api/v1/domains?limit=1`, {
          headers: { authorization: `Bearer ${generated.token}` },
        });
        await response.arrayBuffer();
        results.push({ startedAt, status: response.status });
      }
    });

    // Until enough requests have succeeded before the revocation, and enough started after.
    const succeeded = () => results.filter((r) => r.status === 200).length;
    await waitUntil(async () => succeeded() > 20, 10_000);
    await suite.client.query("UPDATE api_tokens SET revoked_at = now() WHERE id = $1", [tokenId]);
    const committedAt = Date.now();
    await waitUntil(
      async () => results.filter((r) => r.startedAt > committedAt).length > 50,
      10_000,
    );
    stop = true;
    await Promise.all(hammer);

    const before = results.filter((r) => r.startedAt < committedAt);
    const after = results.filter((r) => r.startedAt > committedAt);
    // The race really happened: successes before, plenty of requests after.
    expect(before.filter((r) => r.status === 200).length).toBeGreaterThan(20);
    expect(after.length).toBeGreaterThan(20);
    // None succeeds: each is refused as unauthorized, or — once this client IP has failed
    // 20 times within the minute — as rate limited.
    expect(after.filter((r) => r.status !== 401 && r.status !== 429)).toEqual([]);
  });
});
