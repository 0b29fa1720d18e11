import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";

// The embedded default database: PGlite (PostgreSQL compiled to WebAssembly) served over
// the PostgreSQL wire protocol, so the application talks to it through exactly the same
// driver (adapter-pg) as to a real server. Started by `npm start` and `npm test` when
// DATABASE_URL is unset. Prints "ready <url>" once it accepts connections.
//
// EMBEDDED_DB_DIR: a folder for persistent data (default .data/pglite) or "memory://".
// EMBEDDED_DB_PORT: the port to listen on (default 54329; 0 picks a free one).
//
// A folder is opened by one server at a time: `<folder>.pid` names the server that has it.
// PGlite cannot tell by itself: every PGlite writes the same PID, -42, into postmaster.pid,
// which no running process has, so it opens a folder whatever postmaster.pid says (which
// is also why a stale one, left by a kill, does not stop the next start). And the port does
// not keep a second `npm start` of the same checkout away: it moves to a free one.

const dataDir = process.env.EMBEDDED_DB_DIR ?? path.resolve(".data/pglite");
const port = Number(process.env.EMBEDDED_DB_PORT ?? 54329);
const inMemory = dataDir.startsWith("memory://");

if (!inMemory) {
  mkdirSync(dataDir, { recursive: true });
  claimDataDir(`${dataDir}.pid`);
}

const database = await PGlite.create({ dataDir });
keepExtendedQueriesTogether(database);
// Several connections are accepted (the migrator, the app, a test runner); PGlite runs
// one query at a time and the server keeps a transaction's queries on its connection.
const server = new PGLiteSocketServer({
  db: database,
  host: "127.0.0.1",
  port,
  maxConnections: 16,
});
try {
  await server.start();
} catch (error) {
  const inUse = (error as NodeJS.ErrnoException).code === "EADDRINUSE";
  console.error(
    inUse ? `The embedded database cannot listen on port ${port}: it is in use.` : error,
  );
  await closeDatabase();
  process.exit(1);
}

const address = server.getServerConn();
console.log(`ready postgresql://postgres@${address}/postgres`);

/**
 * pglite-socket queues each protocol message separately and only keeps a connection's
 * messages together while a transaction is open. An extended-protocol query is several
 * messages (Parse, Bind, Describe, Execute, then Sync); if two connections' messages
 * interleave, one connection's unnamed statement replaces the other's. Reporting
 * "in transaction" from the first of those messages until the Sync makes the queue
 * keep the whole query on its connection, as it already does for transactions.
 */
function keepExtendedQueriesTogether(db: PGlite): void {
  const EXTENDED_QUERY_PARTS = new Set([0x50, 0x42, 0x44, 0x45, 0x43, 0x48]); // P B D E C H
  let midExtendedQuery = false;
  const execProtocolRawStream = db.execProtocolRawStream.bind(db);
  const isInTransaction = db.isInTransaction.bind(db);
  db.execProtocolRawStream = async (message, options) => {
    const messageType = message[0] ?? 0;
    try {
      return await execProtocolRawStream(message, options);
    } finally {
      midExtendedQuery = EXTENDED_QUERY_PARTS.has(messageType);
    }
  };
  db.isInTransaction = () => isInTransaction() || midExtendedQuery;
}

/**
 * Takes the data folder for this process, or exits when a running embedded server has it.
 * A claim left by a process that is gone (killed, crashed) is taken over.
 */
function claimDataDir(claimFile: string): void {
  try {
    writeFileSync(claimFile, String(process.pid), { flag: "wx" });
    return;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  const owner = Number(readFileSync(claimFile, "utf8").trim());
  if (isEmbeddedServer(owner)) {
    console.error(
      `${dataDir} is in use by another embedded database (process ${owner}): is MailShield already running from this folder? Stop it first.`,
    );
    process.exit(1);
  }
  writeFileSync(claimFile, String(process.pid));
}

function isEmbeddedServer(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EPERM") return false;
  }
  // A live PID may have been reused by an unrelated process since; Linux can tell.
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("embedded-server");
  } catch {
    return true;
  }
}

async function closeDatabase(): Promise<void> {
  // A clean close checkpoints, so the next open need not replay the write-ahead log.
  await database.close().catch(() => {});
  if (!inMemory) rmSync(`${dataDir}.pid`, { force: true });
}

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  await server.stop().catch(() => {});
  await closeDatabase();
  process.exit(0);
}

process.on("SIGTERM", stop);
process.on("SIGINT", stop);
// When the parent dies without signalling, stdin closes; shut down rather than linger.
process.stdin.on("end", stop);
process.stdin.resume();
