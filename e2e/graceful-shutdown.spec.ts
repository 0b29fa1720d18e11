import { type ChildProcess, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { once } from "node:events";
import { createServer } from "node:net";
import path from "node:path";
import { expect, test } from "@playwright/test";
import pg from "pg";
import { generateApiToken } from "../lib/auth/token";

// SIGTERM during load: the server stops accepting, answers what it accepted, writes every
// queued request-log entry, and exits 0. Every request that received an answer is in the
// log. The test starts its own server (the production build) so it can stop it.

const ROOT = path.join(import.meta.dirname, "..");

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as { port: number };
  server.close();
  return port;
}

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

function startServer(port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["server.mjs"], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), HOSTNAME: "127.0.0.1", NODE_ENV: "production" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  return new Promise((resolve, reject) => {
    let output = "";
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("ready on")) resolve(child);
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once("exit", (code) => reject(new Error(`server exited early (${code}): ${output}`)));
  });
}

test("a graceful shutdown under load loses no answered request's log entry", async () => {
  test.setTimeout(120_000);
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    const { token, tokenId } = await createToken(client);
    const port = await freePort();
    const server = await startServer(port);
    const exited = once(server, "exit");

    let answered = 0;
    let stop = false;
    const url = `http://127.0.0.1:${port}/api/v1/domains?limit=5`;
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
    server.kill("SIGTERM");
    const [exitCode] = await exited;
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
