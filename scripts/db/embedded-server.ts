import { mkdirSync } from "node:fs";
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

const dataDir = process.env.EMBEDDED_DB_DIR ?? path.resolve(".data/pglite");
const port = Number(process.env.EMBEDDED_DB_PORT ?? 54329);

if (!dataDir.startsWith("memory://")) mkdirSync(dataDir, { recursive: true });

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
await server.start();

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

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  // Closing PGlite cleanly matters: a stale postmaster.pid makes the next open hang.
  await server.stop().catch(() => {});
  await database.close().catch(() => {});
  process.exit(0);
}

process.on("SIGTERM", stop);
process.on("SIGINT", stop);
// When the parent dies without signalling, stdin closes; shut down rather than linger.
process.stdin.on("end", stop);
process.stdin.resume();
