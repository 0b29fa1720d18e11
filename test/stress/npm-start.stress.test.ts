import { once } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import { connect, type Server } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateApiToken } from "@/lib/auth/token";
import {
  DEFAULT_EMBEDDED_DB_PORT,
  freePort,
  startEmbeddedDatabase,
  stopProcess,
} from "../../scripts/lib/processes.mjs";
import { type NpmStart, npmStart, occupy, waitForOutput } from "./npm-start";

// `npm start` as a person runs it, on the embedded database in a data folder of its own:
// with the default database port taken (another checkout on the same machine) it moves to
// a free port, and a Ctrl+C in the terminal (SIGINT to the whole process group) stops the
// app first, so every answered API request has its request-log row, and the database only
// after it.

let dataDir: string;
let defaultPortHolder: Server | null;
let appPort: number;
let start: NpmStart;
let databaseUrl: string;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), "mailshield-npm-start-"));
  // Taken by this test, or already by someone else on this machine: taken either way.
  defaultPortHolder = await occupy(DEFAULT_EMBEDDED_DB_PORT);
  appPort = await freePort();
  start = npmStart({
    MAILSHIELD_DATA_DIR: dataDir,
    PORT: String(appPort),
    EMBEDDED_DB_PORT: undefined,
  });
  await waitForOutput(start, /ready on/, 240_000);
  databaseUrl = (
    await waitForOutput(start, /embedded database at (postgresql:\/\/\S+)/, 1_000)
  )[1]!;
}, 300_000);

afterAll(async () => {
  // After a failure: the group's SIGKILL ends the supervisor, whose lifelines stop the rest.
  if (start && start.child.exitCode === null && start.child.signalCode === null) {
    process.kill(-start.child.pid!, "SIGKILL");
  }
  defaultPortHolder?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("npm start on the embedded database", () => {
  it("moves to a free database port when the default one is taken, says so, and serves", async () => {
    expect(start.output()).toContain(
      `Port ${DEFAULT_EMBEDDED_DB_PORT} is in use (another checkout's database?)`,
    );
    expect(Number(new URL(databaseUrl).port)).not.toBe(DEFAULT_EMBEDDED_DB_PORT);
    expect((await fetch(`http://127.0.0.1:${appPort}/api/health`)).status).toBe(200);
  });

  it("refuses a database port set in EMBEDDED_DB_PORT that is taken, naming the variable", async () => {
    const taken = await freePort();
    const holder = await occupy(taken);
    const otherDataDir = mkdtempSync(path.join(tmpdir(), "mailshield-taken-"));
    try {
      const second = npmStart({
        MAILSHIELD_DATA_DIR: otherDataDir,
        PORT: String(await freePort()),
        EMBEDDED_DB_PORT: String(taken),
      });
      await second.exited;
      expect(second.child.exitCode).not.toBe(0);
      expect(second.output()).toContain(`EMBEDDED_DB_PORT=${taken} is already in use`);
    } finally {
      holder?.close();
      rmSync(otherDataDir, { recursive: true, force: true });
    }
  });

  it("refuses to open a data folder that a running embedded database has", async () => {
    const second = npmStart({
      MAILSHIELD_DATA_DIR: dataDir,
      PORT: String(await freePort()),
      EMBEDDED_DB_PORT: "0",
    });
    await second.exited;
    expect(second.child.exitCode).not.toBe(0);
    expect(second.output()).toMatch(/is in use by another embedded database/);
    // The first one still serves.
    expect((await fetch(`http://127.0.0.1:${appPort}/api/health`)).status).toBe(200);
  });

  it("on Ctrl+C stops the app before the database: every answered request is logged", async () => {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    const generated = generateApiToken();
    const {
      rows: [token],
    } = await client.query<{ id: string }>(
      `INSERT INTO api_tokens (id, organization_id, name, token_hash, last_four, updated_at)
       SELECT gen_random_uuid(), id, 'ctrl+c test', $1, $2, now()
       FROM organizations WHERE plan = 'ENTERPRISE' ORDER BY created_at LIMIT 1
       RETURNING id`,
      [generated.tokenHash, generated.lastFour],
    );
    await client.end();

    let answered = 0;
    let stop = false;
    const statuses = new Set<number>();
    const clients = Array.from({ length: 8 }, async () => {
      while (!stop) {
        try {
          const response = await fetch(`http://127.0.0.1:${appPort}/api/v1/domains?limit=5`, {
            headers: { authorization: `Bearer ${generated.token}` },
          });
          await response.arrayBuffer();
          answered += 1;
          statuses.add(response.status);
        } catch {
          // Refused once the app stopped listening: expected after the Ctrl+C.
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
      }
    });
    while (answered < 100) await new Promise((resolve) => setTimeout(resolve, 50));

    // What the terminal does on Ctrl+C: SIGINT to every process of the foreground group.
    process.kill(-start.child.pid!, "SIGINT");
    await start.exited;
    stop = true;
    await Promise.all(clients);

    const output = start.output();
    expect(output).not.toContain("exiting immediately");
    const appDone = output.indexOf("Shutdown complete");
    expect(appDone).toBeGreaterThan(-1);
    expect(output.indexOf("Embedded database stopped.")).toBeGreaterThan(appDone);
    expect([...statuses]).toEqual([200]);

    const reopened = await startEmbeddedDatabase({
      dataDir: path.join(dataDir, "pglite"),
      port: 0,
    });
    const check = new pg.Client({ connectionString: reopened.url });
    try {
      await check.connect();
      const { rows } = await check.query<{ count: number }>(
        "SELECT count(*)::int AS count FROM api_request_logs WHERE token_id = $1",
        [token!.id],
      );
      expect(rows[0]!.count).toBe(answered);
    } finally {
      await check.end();
      await stopProcess(reopened.child);
    }
  });

  it("a second Ctrl+C makes the app exit at once, and the database still stops after it", async () => {
    const again = npmStart({
      MAILSHIELD_DATA_DIR: dataDir,
      PORT: String(appPort),
      EMBEDDED_DB_PORT: undefined,
      // Far longer than this test waits: only the second Ctrl+C can end the drain in time.
      SHUTDOWN_TIMEOUT_MS: "120000",
    });
    try {
      await waitForOutput(again, /ready on/, 120_000);
      // A request whose body never arrives stays in flight and keeps the drain waiting.
      const socket = connect(appPort, "127.0.0.1");
      socket.on("error", () => {});
      await once(socket, "connect");
      socket.write(
        "POST /api/auth/callback/credentials HTTP/1.1\r\nHost: 127.0.0.1\r\n" +
          "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\nemail=",
      );
      await new Promise((resolve) => setTimeout(resolve, 500));

      process.kill(-again.child.pid!, "SIGINT");
      await waitForOutput(again, /draining 1 request/, 10_000);
      const secondAt = Date.now();
      process.kill(-again.child.pid!, "SIGINT");
      await again.exited;
      socket.destroy();

      expect(Date.now() - secondAt).toBeLessThan(30_000);
      const output = again.output();
      const forced = output.indexOf("again, exiting immediately");
      expect(forced).toBeGreaterThan(-1);
      expect(output.indexOf("Embedded database stopped.")).toBeGreaterThan(forced);
    } finally {
      if (again.child.exitCode === null && again.child.signalCode === null) {
        process.kill(-again.child.pid!, "SIGKILL");
      }
    }
  });
});
