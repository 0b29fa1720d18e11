import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { createServer, type Server } from "node:net";
import { ROOT } from "../../scripts/lib/processes.mjs";

// `npm start` as a person runs it, for the stress files that test it
// (npm-start.stress.test.ts, npm-start-port-taken.stress.test.ts).

export interface NpmStart {
  child: ChildProcess;
  output: () => string;
  exited: Promise<unknown>;
}

/** `npm start` in a process group of its own, as a terminal runs it, with `env` on top. */
export function npmStart(env: Record<string, string | undefined>): NpmStart {
  // The embedded database (no DATABASE_URL), without the test runner's NODE_ENV.
  const childEnv = Object.fromEntries(
    Object.entries({ ...process.env, ...env }).filter(
      ([name, value]) => value !== undefined && name !== "DATABASE_URL" && name !== "NODE_ENV",
    ),
  );
  const child = spawn("npm", ["start"], {
    cwd: ROOT,
    env: childEnv as NodeJS.ProcessEnv,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  return { child, output: () => output, exited: once(child, "exit") };
}

export async function waitForOutput(start: NpmStart, pattern: RegExp, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const match = start.output().match(pattern);
    if (match) return match;
    if (start.child.exitCode !== null) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`npm start did not print ${pattern}:\n${start.output()}`);
}

/** Listens on `port` like another program would; null when something already does. */
export async function occupy(port: number): Promise<Server | null> {
  const server = createServer();
  try {
    server.listen(port, "127.0.0.1");
    await once(server, "listening");
    return server;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EADDRINUSE") return null;
    throw error;
  }
}

/** Whether any process of the group `pgid` (an `npm start`'s) is still alive. */
export function processGroupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}
