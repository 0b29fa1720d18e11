import { createServer, type Server } from "node:net";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { healthResponse, isDatabaseHealthy } from "@/lib/services/health";

// A port that was free a moment ago and is closed now: connections are refused.
async function closedPort(): Promise<number> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!address || typeof address === "string") throw new Error("no port");
  return address.port;
}

describe("isDatabaseHealthy", () => {
  it("reports a database that answers SELECT 1 as healthy", async () => {
    await expect(isDatabaseHealthy(() => db.$queryRaw`SELECT 1`)).resolves.toBe(true);
  });

  it("reports a database that refuses connections as unhealthy", async () => {
    const pool = new pg.Pool({
      connectionString: `postgresql://postgres@127.0.0.1:${await closedPort()}/postgres`,
      connectionTimeoutMillis: 1_000,
    });
    try {
      await expect(isDatabaseHealthy(() => pool.query("SELECT 1"))).resolves.toBe(false);
    } finally {
      await pool.end();
    }
  });

  it("gives up on a database that never answers instead of hanging", async () => {
    const started = Date.now();
    await expect(isDatabaseHealthy(() => new Promise(() => {}), 200)).resolves.toBe(false);
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});

describe("healthResponse (GET /api/health)", () => {
  it("answers 200 {status: ok}, uncached, when the database is up", async () => {
    const response = await healthResponse(() => db.$queryRaw`SELECT 1`);
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    await expect(response.json()).resolves.toEqual({ status: "ok" });
  });

  it("answers 503 with the API error shape, uncached, when the database is down", async () => {
    const response = await healthResponse(() => Promise.reject(new Error("ECONNREFUSED")));
    expect(response.status).toBe(503);
    expect(response.headers.get("cache-control")).toBe("no-store");
    await expect(response.json()).resolves.toEqual({
      error: { code: "service_unavailable", message: "Database unavailable" },
    });
  });
});
