import { randomUUID } from "node:crypto";
import { request } from "node:http";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateApiToken } from "@/lib/auth/token";
import { type AppServer, startAppServer, stopProcess } from "@/test/stress/harness";

// Oversized requests against the real server: Node's header limit answers 431 before the
// app runs; the API refuses bodies over 64 KB with 413 without reading them to the end.

let server: AppServer;
let token: string;

beforeAll(async () => {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  const organizationId = randomUUID();
  await client.query(
    `INSERT INTO organizations (id, name, plan, updated_at) VALUES ($1, $2, 'PRO', now())`,
    [organizationId, `Limits ${organizationId.slice(0, 8)}`],
  );
  const generated = generateApiToken();
  await client.query(
    `INSERT INTO api_tokens (id, organization_id, name, token_hash, last_four, updated_at)
     VALUES (gen_random_uuid(), $1, 'limits', $2, $3, now())`,
    [organizationId, generated.tokenHash, generated.lastFour],
  );
  await client.end();
  token = generated.token;
  server = await startAppServer({ DATABASE_URL: process.env.DATABASE_URL ?? "" });
});

afterAll(async () => {
  if (server) await stopProcess(server.child);
});

function rawRequest(options: {
  path: string;
  method?: string;
  headers: Record<string, string>;
  body?: Buffer | (() => AsyncIterable<Buffer>);
}): Promise<{ status: number; body: string; elapsedMs: number }> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const req = request(
      `${server.url}${options.path}`,
      { method: options.method ?? "GET", headers: options.headers },
      (res) => {
        let body = "";
        res.on("data", (chunk: Buffer) => {
          body += chunk.toString();
        });
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, body, elapsedMs: Date.now() - started }),
        );
      },
    );
    req.on("error", reject);
    const body = options.body;
    if (typeof body === "function") {
      (async () => {
        for await (const chunk of body()) {
          if (!req.write(chunk)) await new Promise((r) => req.once("drain", r));
        }
        req.end();
      })().catch(() => req.destroy());
    } else {
      req.end(body);
    }
  });
}

describe("oversized requests over HTTP", () => {
  it("a header over Node's 16 KB limit → 431 from Node, before the app runs", async () => {
    const response = await rawRequest({
      path: "/api/v1/domains",
      headers: { authorization: `Bearer ${token}`, "x-padding": "a".repeat(20 * 1024) },
    });
    expect(response.status).toBe(431);
    // The server is fine afterwards.
    const ok = await fetch(`${server.url}/api/v1/domains`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(ok.status).toBe(200);
  });

  it("a 100 KB JSON body → 413 payload_too_large, quickly", async () => {
    const body = Buffer.from(JSON.stringify({ name: "x".repeat(100 * 1024) }));
    const response = await rawRequest({
      path: "/api/v1/domains",
      method: "POST",
      headers: {
        authorization: `Bearer ${token}`,
        "content-type": "application/json",
        "content-length": String(body.length),
      },
      body,
    });
    expect(response.status).toBe(413);
    expect(JSON.parse(response.body).error.code).toBe("payload_too_large");
    expect(response.elapsedMs).toBeLessThan(2_000);
  });

  it("a 20 MB chunked body without Content-Length → 413 without reading it all", async () => {
    const response = await rawRequest({
      path: "/api/v1/domains",
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: async function* () {
        const chunk = Buffer.alloc(64 * 1024, 0x20);
        for (let i = 0; i < 320; i += 1) yield chunk;
      },
    });
    expect(response.status).toBe(413);
    expect(response.elapsedMs).toBeLessThan(5_000);
  });
});

describe("secrets in the server process's output", () => {
  it("the server never prints a presented token, however it is misused", async () => {
    const secret = token.slice(3);
    const headers = { authorization: `Bearer ${token}` };
    const attempts = [
      fetch(`${server.url}/api/v1/domains?api_key=${token}`, { headers }),
      fetch(`${server.url}/api/v1/domains`, { headers: { ...headers, "user-agent": token } }),
      fetch(`${server.url}/api/v1/domains/${token}`, { headers }),
      fetch(`${server.url}/api/v1/${token}`, { headers }),
      fetch(`${server.url}/api/v1/domains`, {
        method: "POST",
        headers: { ...headers, "content-type": "application/json" },
        body: `{"name":"${token}`,
      }),
      fetch(`${server.url}/api/v1/domains`, { headers: { authorization: `Basic ${token}` } }),
      fetch(`${server.url}/api/v1/domains`, { headers: { authorization: `Bearer ${token}x` } }),
    ];
    for (const response of await Promise.all(attempts)) {
      expect(await response.text()).not.toContain(secret);
    }
    // Stopping the server (SIGTERM: drain, flush the request log) makes it print everything it
    // will ever print about these requests, with no guess at how long that takes. This is
    // the file's last test; afterAll finds the server already stopped.
    await stopProcess(server.child);
    expect(server.output().length).toBeGreaterThan(0);
    expect(server.output()).not.toContain(secret);
  });
});
