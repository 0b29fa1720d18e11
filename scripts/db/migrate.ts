import path from "node:path";
import { createMigration, deployMigrations, migrationStatus } from "./migrations";

// Command line for migrations: `deploy` (apply pending), `create <name>` (new migration
// from schema changes) and `status`. The schema engine keeps Node's event loop alive for
// a while after it is done, so every path ends with an explicit exit.

function requireDatabaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.error(
      "DATABASE_URL is not set. `npm start` and `npm test` set it for the embedded database; set it to migrate PostgreSQL.",
    );
    process.exit(1);
  }
  return url;
}

// The engine appends a Rust backtrace ("   0: sql_schema_connector::…"); the lines
// before it carry the database's own message, which is what a person needs.
function describeError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const lines = message.split("\n");
  const backtraceStart = lines.findIndex((line) => /^\s+\d+: /.test(line));
  return (backtraceStart === -1 ? lines : lines.slice(0, backtraceStart)).join("\n").trim();
}

async function main(): Promise<number> {
  const [command, ...args] = process.argv.slice(2);
  switch (command) {
    case "deploy": {
      const applied = await deployMigrations(requireDatabaseUrl());
      console.log(
        applied.length === 0
          ? "Database schema is up to date; no migration to apply."
          : `Applied ${applied.length} migration(s): ${applied.join(", ")}`,
      );
      return 0;
    }
    case "status": {
      const status = await migrationStatus(requireDatabaseUrl());
      if (status.failedMigrationNames.length > 0) {
        console.log(
          `Failed migrations (fix and resolve before deploying): ${status.failedMigrationNames.join(", ")}`,
        );
      }
      if (status.editedMigrationNames.length > 0) {
        console.log(
          `Migrations edited after being applied: ${status.editedMigrationNames.join(", ")}`,
        );
      }
      if (status.pendingMigrationNames.length > 0) {
        console.log(`Pending migrations: ${status.pendingMigrationNames.join(", ")}`);
      }
      if (status.unknownMigrationNames.length > 0) {
        console.log(`Applied but missing locally: ${status.unknownMigrationNames.join(", ")}`);
      }
      if (status.upToDate) console.log("Database schema is up to date.");
      return status.upToDate ? 0 : 1;
    }
    case "create": {
      const folder = await createMigration(args.join(" "));
      console.log(
        folder
          ? `Created ${path.relative(process.cwd(), folder)}/migration.sql`
          : "The schema matches the migrations; nothing to create.",
      );
      return 0;
    }
    default:
      console.error("Usage: tsx scripts/db/migrate.ts <deploy|status|create <name>>");
      return 2;
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`Migration failed: ${describeError(error)}`);
    process.exit(1);
  },
);
