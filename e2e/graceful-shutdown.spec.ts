import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import pg from "pg";
import { generateApiToken } from "../lib/auth/token";
import { freePort, startAppServer, stopProcess } from "../scripts/lib/processes.mjs";

// SIGTERM during load: the server stops accepting, answers what it accepted, writes every
// queued request-log entry, and exits 0. Every request that received an answer is in the
// log. The test starts its own server (the production build) so it can stop it.

async function createToken(client: pg.Client): Promise<{ token: string; tokenId: string }> {
  const organizationId = randomUUID();
  await client.query(
    `INSERT INTO organizations (id, name, plan, updated_at) VALUES ($1, $2, 'PRO', now())`,
    [organizationId, `Shutdown ${organizationId.slice(0, 8)}`],
  );
  const generated = generateApiToken();
  const tokenId = randomUUID();
  await client.query(
    `INSERT INTO api_tokens (id, organization_id, name, token_hash, last_four, updated_at)
     VALUES ($1, $2, 'shutdown test', $3, $4, now())`,
    [tokenId, organizationId, generated.tokenHash, generated.lastFour],
  );
  return { token: generated.token, tokenId };
}

test("a graceful shutdown under load loses no answered request's log entry", async () => {
  test.setTimeout(120_000);
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    const { token, tokenId } = await createToken(client);
    const server = await startAppServer({ port: await freePort() });

    let answered = 0;
    let stop = false;
    const url = `${server.url}/api/v1/domains?limit=5`;
    const clients = Array.from({ length: 16 }, async () => {
      while (!stop) {
        try {
          const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
          await response.text();
          if (response.status === 200) answered += 1;
        } catch {
          // Refused after the listener closed: expected once the shutdown begins.
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
      }
    });

    await expect.poll(() => answered, { timeout: 30_000 }).toBeGreaterThan(50);
    const { code: exitCode } = await stopProcess(server.child);
    stop = true;
    await Promise.all(clients);

    expect(exitCode).toBe(0);
    const { rows } = await client.query<{ count: string }>(
      `SELECT count(*) FROM api_request_logs WHERE token_id = $1 AND status = 200`,
      [tokenId],
    );
    expect(Number(rows[0]!.count)).toBe(answered);
  } finally {
    await client.end();
  }
});
