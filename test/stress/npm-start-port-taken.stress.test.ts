import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import type { Server } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { appServerEnv, freePort, portIsFree, ROOT } from "../../scripts/lib/processes.mjs";
import { type NpmStart, npmStart, occupy, processGroupAlive, waitForOutput } from "./npm-start";

// `npm start` when its PORT is taken by another program: one line that names PORT, a
// non-zero exit code, and nothing left running — neither the app with its job worker nor
// the embedded database. Taken before it starts (it checks first and starts nothing), and
// taken after that check, before the app listens (the app exits with the same message and
// the starter stops the database).

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function dataFolder(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "mailshield-port-taken-"));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function hold(server: Server | null): Server {
  if (!server) throw new Error("the port was taken before the test could take it");
  cleanups.push(() => server.close());
  return server;
}

function watch(start: NpmStart): NpmStart {
  // After a failure: the group's SIGKILL ends the supervisor, whose lifelines stop the rest.
  cleanups.push(() => {
    if (processGroupAlive(start.child.pid!)) process.kill(-start.child.pid!, "SIGKILL");
  });
  return start;
}

const RAW_LISTEN_ERROR = /Error: listen EADDRINUSE|\n\s+at /;

describe("npm start with its port taken", () => {
  it("before it starts: says so naming PORT, exits non-zero, starts nothing", async () => {
    const appPort = await freePort();
    const databasePort = await freePort();
    hold(await occupy(appPort));
    const start = watch(
      npmStart({
        MAILSHIELD_DATA_DIR: dataFolder(),
        PORT: String(appPort),
        EMBEDDED_DB_PORT: String(databasePort),
      }),
    );
    await start.exited;

    expect(start.child.exitCode).not.toBe(0);
    const output = start.output();
    expect(output).toContain(`Port ${appPort} is already in use`);
    expect(output).toContain("set PORT to another port");
    expect(output).not.toMatch(RAW_LISTEN_ERROR);
    // No banner, no database: the check comes first.
    expect(output).not.toContain("MailShield: http");
    expect(output).not.toContain("embedded database at");
    expect(processGroupAlive(start.child.pid!)).toBe(false);
    expect(await portIsFree(databasePort)).toBe(true);
  });

  it("after its check, before the app listens: the app exits with the same message, the database is stopped", async () => {
    const appPort = await freePort();
    const databasePort = await freePort();
    const start = watch(
      npmStart({
        MAILSHIELD_DATA_DIR: dataFolder(),
        PORT: String(appPort),
        EMBEDDED_DB_PORT: String(databasePort),
      }),
    );
    // Printed once the port check passed and the database runs; migrating a new database
    // and preparing the app take seconds more, so another program takes the port first.
    await waitForOutput(start, /embedded database at/, 120_000);
    hold(await occupy(appPort));
    await start.exited;

    expect(start.child.exitCode).not.toBe(0);
    const output = start.output();
    expect(output).toContain(`Port ${appPort} is already in use`);
    expect(output).not.toMatch(RAW_LISTEN_ERROR);
    expect(output).not.toContain("ready on");
    expect(output).toContain("Embedded database stopped.");
    expect(processGroupAlive(start.child.pid!)).toBe(false);
    expect(await portIsFree(databasePort)).toBe(true);
  }, 240_000);

  it("node server.mjs alone (as deployed) on a taken port: exits 1 with the message, its job worker stopped with it", async () => {
    const appPort = await freePort();
    hold(await occupy(appPort));
    // With DATABASE_URL the job worker starts while the app prepares, before it listens.
    const server = spawn(process.execPath, ["server.mjs"], {
      cwd: ROOT,
      env: appServerEnv({ port: appPort, env: { JOBS_WORKER: "on" } }) as NodeJS.ProcessEnv,
      stdio: ["ignore", "pipe", "pipe"],
    });
    cleanups.push(() => server.kill("SIGKILL"));
    let output = "";
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
    };
    server.stdout.on("data", collect);
    server.stderr.on("data", collect);
    const [code] = await once(server, "exit");

    expect(code).toBe(1);
    expect(output).toContain(`Port ${appPort} is already in use`);
    expect(output).toContain("set PORT to another port");
    expect(output).not.toMatch(RAW_LISTEN_ERROR);
  }, 120_000);
});
