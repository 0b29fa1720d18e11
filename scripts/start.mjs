// `npm start`: from a fresh clone (after `npm install`) to a running app.
//
// With DATABASE_URL unset it starts the embedded database (PGlite served over the
// PostgreSQL wire protocol, data in .data/), migrates it, seeds the demo organizations on
// first start, builds the app if the sources changed, and serves it on PORT (3000).
// With DATABASE_URL set it migrates that database and never seeds it.
// `--dev` serves with Next's dev server instead of a production build.

import { spawn } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import path from "node:path";
import {
  bin,
  buildIfNeeded,
  DATA_DIR,
  embeddedAuthSecret,
  ROOT,
  runOrExit,
  startEmbeddedDatabase,
  stopChild,
} from "./lib/processes.mjs";

const dev = process.argv.includes("--dev");
const port = Number(process.env.PORT ?? 3000);
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1", PORT: String(port) };
const embedded = !process.env.DATABASE_URL;
let database = null;
let server = null;

async function shutdown(code) {
  // The app goes first so it can flush its request logs while the database still runs.
  await stopChild(server);
  await stopChild(database?.child);
  process.exit(code);
}

process.on("SIGINT", () => shutdown(0));
process.on("SIGTERM", () => shutdown(0));

if (embedded) {
  database = await startEmbeddedDatabase({
    dataDir: path.join(DATA_DIR, "pglite"),
    port: Number(process.env.EMBEDDED_DB_PORT ?? 54329),
  }).catch((error) => {
    console.error(error.message);
    process.exit(1);
  });
  env.DATABASE_URL = database.url;
  // PGlite executes one query at a time; one pooled connection avoids queueing twice.
  env.DATABASE_POOL_MAX ??= "1";
  // Its connections share one session, where named prepared statements would collide.
  env.DATABASE_PREPARED_STATEMENTS = "off";
  env.NEXTAUTH_SECRET ??= embeddedAuthSecret();
  console.log("Using the embedded database (data kept in .data/).");
} else if (!env.NEXTAUTH_SECRET && !dev) {
  console.error(
    "NEXTAUTH_SECRET is required when running on PostgreSQL. Generate one with `openssl rand -base64 32`.",
  );
  process.exit(1);
}

try {
  runOrExit(bin("tsx"), ["scripts/db/migrate.ts", "deploy"], env, "Migrating the database");
  const seededMarker = path.join(DATA_DIR, "seeded");
  if (embedded && !existsSync(seededMarker)) {
    runOrExit(bin("tsx"), ["scripts/db/seed.ts"], env, "Seeding the demo data");
    writeFileSync(seededMarker, new Date().toISOString());
  }
  if (!dev) buildIfNeeded(env);
} catch (error) {
  console.error(error);
  await shutdown(1);
}

server = spawn(process.execPath, ["server.mjs", ...(dev ? ["--dev"] : [])], {
  cwd: ROOT,
  env,
  stdio: "inherit",
});
server.on("exit", (code) => {
  server = null;
  shutdown(code ?? 0);
});

console.log(`
  MailShield: http://localhost:${port}
  ${embedded ? "Demo sign-in: pro@mailshield.test / mailshield-demo (also free@, starter@, business@, enterprise@)" : "Database: DATABASE_URL"}
`);
