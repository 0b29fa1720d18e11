// `npm start`: from a fresh clone (after `npm install`) to a running app.
//
// With DATABASE_URL unset it starts the embedded database (PGlite served over the
// PostgreSQL wire protocol, data in .data/ or MAILSHIELD_DATA_DIR), migrates it, seeds the
// demo organizations on first start, builds the app if the sources changed, and serves it
// on PORT (3000; when that port is taken it stops before starting anything, naming PORT).
// With DATABASE_URL set it migrates that database and never seeds it.
// `--dev` serves with Next's dev server instead of a production build.
//
// Stopping (Ctrl+C, SIGTERM, SIGHUP): the app and the embedded database run in process
// groups of their own, so a Ctrl+C in the terminal reaches only this process. It passes
// the signal on to the app (a second Ctrl+C makes the app exit at once), waits for the app
// to drain and write its request log, and only then stops the database.

import { existsSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ConfigError, parseConfig } from "../lib/config.mjs";
import { listenFailureMessage } from "../lib/listen-failure.mjs";
import { buildIfNeeded } from "./lib/build.mjs";
import {
  DATA_DIR,
  embeddedAuthSecret,
  embeddedDatabasePort,
  embeddedTwoFactorKey,
  listenError,
  ROOT,
  runOrExit,
  spawnSupervisedAppServer,
  startEmbeddedDatabase,
  stopProcess,
  toolScript,
} from "./lib/processes.mjs";

const dev = process.argv.includes("--dev");
// The address server.mjs will listen on, read and checked by the same rules it uses.
let address;
try {
  const settings = parseConfig({ PORT: process.env.PORT, HOSTNAME: process.env.HOSTNAME });
  address = { port: settings.PORT, hostname: settings.HOSTNAME };
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  process.exit(1);
}
const { port } = address;
// Tried before anything starts (the embedded database, the app and its job worker), so a
// taken port is one line naming PORT and nothing to stop. Should it be taken between here
// and the app's listen, the app exits with the same message and this stops the database.
const refusal = await listenError(port, address.hostname);
if (refusal) {
  console.error(listenFailureMessage(refusal, address));
  process.exit(1);
}
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1", PORT: String(port) };
const embedded = !process.env.DATABASE_URL;
// Longer than the app's own limits: SHUTDOWN_TIMEOUT_MS for the drain, again for the hooks.
const APP_STOP_GRACE_MS =
  2 * Number.parseInt(process.env.SHUTDOWN_TIMEOUT_MS || "25000", 10) + 5_000;
let database = null;
let server = null;
let stopping = false;

async function shutdown(code) {
  if (stopping) return;
  stopping = true;
  // The app goes first so it can flush its request logs while the database still runs.
  await stopProcess(server, { graceMs: APP_STOP_GRACE_MS });
  if (database) {
    await stopProcess(database.child);
    console.log("Embedded database stopped.");
  }
  process.exit(code);
}

for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) {
  process.on(signal, () => {
    if (!server || stopping) {
      void shutdown(0);
      return;
    }
    // Passed on each time: the app drains on the first signal and exits on the second.
    void stopProcess(server, {
      signal: signal === "SIGINT" ? "SIGINT" : "SIGTERM",
      graceMs: APP_STOP_GRACE_MS,
    });
  });
}

if (embedded) {
  try {
    database = await startEmbeddedDatabase({
      dataDir: path.join(DATA_DIR, "pglite"),
      port: await embeddedDatabasePort(),
      echoErrors: true,
    });
  } catch (error) {
    console.error(error.message);
    process.exit(1);
  }
  env.DATABASE_URL = database.url;
  // PGlite executes one query at a time; one pooled connection avoids queueing twice.
  env.DATABASE_POOL_MAX ??= "1";
  // Its connections share one session, where named prepared statements would collide.
  env.DATABASE_PREPARED_STATEMENTS = "off";
  env.NEXTAUTH_SECRET ??= embeddedAuthSecret();
  env.TWO_FACTOR_ENCRYPTION_KEY ??= embeddedTwoFactorKey();
  // The base of the links in emails (invitations, notifications): the address printed below.
  env.NEXTAUTH_URL ||= `http://localhost:${port}`;
  // The local demo: without SMTP_URL, emails (verification, password reset) go to the log.
  env.MAILSHIELD_EMBEDDED = "1";
  const shownDataDir = path.relative(ROOT, DATA_DIR);
  console.log(
    `Using the embedded database at ${database.url} (data kept in ${shownDataDir.startsWith("..") ? DATA_DIR : shownDataDir}/).`,
  );
} else if (!env.NEXTAUTH_SECRET && !dev) {
  console.error(
    "NEXTAUTH_SECRET is required when running on PostgreSQL. Generate one with `openssl rand -base64 32`.",
  );
  process.exit(1);
} else if (!env.TWO_FACTOR_ENCRYPTION_KEY && !dev) {
  console.error(
    "TWO_FACTOR_ENCRYPTION_KEY is required when running on PostgreSQL: it encrypts authenticator-app secrets. Generate one with `openssl rand -base64 32` and keep it.",
  );
  process.exit(1);
} else if (!env.NEXTAUTH_URL && !dev) {
  console.error(
    "NEXTAUTH_URL is required when running on PostgreSQL: the dashboard's public URL (e.g. https://mailshield.example.com), on which links in emails are built.",
  );
  process.exit(1);
}

try {
  runOrExit(...toolScript("scripts/db/migrate.ts", "deploy"), env, "Migrating the database");
  const seededMarker = path.join(DATA_DIR, "seeded");
  if (embedded && !existsSync(seededMarker)) {
    runOrExit(...toolScript("scripts/db/seed.ts"), env, "Seeding the demo data");
    writeFileSync(seededMarker, new Date().toISOString());
  }
  if (!dev) buildIfNeeded(env);
} catch (error) {
  console.error(error);
  await shutdown(1);
}

if (!stopping) {
  server = spawnSupervisedAppServer({ env, dev });
  server.on("exit", (code) => {
    void shutdown(code ?? 1);
  });
  console.log(`
  MailShield: http://localhost:${port}
  ${embedded ? "Demo sign-in: pro@mailshield.test / mailshield-demo (also free@, starter@, business@, enterprise@)" : "Database: DATABASE_URL"}
`);
}
