import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import { PrismaPGlite } from "pglite-prisma-adapter";
import {
  createSchemaEngine,
  type MigrationList,
  NO_FILTERS,
  type SchemaEngine,
  type SchemaFile,
} from "./schema-engine";

// Migrations in Prisma's standard layout (prisma/migrations/<timestamp>_<name>/migration.sql)
// and its standard `_prisma_migrations` table, driven through the WebAssembly schema engine
// so that no native engine download is needed. A machine that does have the native binary
// can still run `prisma migrate deploy` against the same database.

const ROOT = path.resolve(import.meta.dirname, "../..");
export const SCHEMA_PATH = path.join(ROOT, "prisma/schema.prisma");
export const MIGRATIONS_DIR = path.join(ROOT, "prisma/migrations");

export function readSchemaFiles(schemaPath = SCHEMA_PATH): SchemaFile[] {
  return [{ path: schemaPath, content: readFileSync(schemaPath, "utf8") }];
}

export function loadMigrationsList(baseDir = MIGRATIONS_DIR): MigrationList {
  const lockfilePath = path.join(baseDir, "migration_lock.toml");
  const directories = existsSync(baseDir)
    ? readdirSync(baseDir, { withFileTypes: true })
        .filter((entry) => entry.isDirectory())
        .map((entry) => entry.name)
        .sort()
    : [];
  return {
    baseDir,
    lockfile: {
      path: "migration_lock.toml",
      content: existsSync(lockfilePath) ? readFileSync(lockfilePath, "utf8") : null,
    },
    shadowDbInitScript: "",
    migrationDirectories: directories.map((name) => {
      const file = path.join(baseDir, name, "migration.sql");
      return {
        path: name,
        migrationFile: {
          path: "migration.sql",
          content: existsSync(file)
            ? { tag: "ok" as const, value: readFileSync(file, "utf8") }
            : { tag: "error" as const, value: `${file} is missing` },
        },
      };
    }),
  };
}

interface ScriptCapableAdapter {
  executeScript(script: string): Promise<void>;
  underlyingDriver(): { query(sql: string): Promise<unknown> };
  // Converts a pg error into the DriverAdapterError the engine reports with its message.
  onError(error: unknown): never;
}

/**
 * A driver adapter factory for a PostgreSQL URL (real server or the embedded PGlite
 * socket). adapter-pg's executeScript splits scripts on ";" (which breaks dollar-quoted
 * bodies and is not atomic), so each migration file is sent as one simple-protocol
 * query instead: PostgreSQL runs it as a single implicit transaction.
 */
function postgresAdapterFactory(connectionString: string) {
  const factory = new PrismaPg({ connectionString, max: 1, connectionTimeoutMillis: 10_000 });
  const wholeScript = <T extends object>(adapter: T): T => {
    const scriptable = adapter as unknown as ScriptCapableAdapter;
    scriptable.executeScript = async (script: string) => {
      try {
        await scriptable.underlyingDriver().query(script);
      } catch (error) {
        scriptable.onError(error);
      }
    };
    return adapter;
  };
  return bindMigrationAwareSqlAdapterFactory({
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => wholeScript(await factory.connect()),
    connectToShadowDb: async () => {
      throw new Error("Shadow databases are not used against a live database.");
    },
  });
}

async function withEngine<T>(
  adapterFactory: object,
  run: (engine: SchemaEngine) => Promise<T>,
): Promise<T> {
  const engine = await createSchemaEngine(readSchemaFiles(), adapterFactory);
  try {
    return await run(engine);
  } finally {
    engine.free();
  }
}

/** Applies pending migrations. Throws when a migration fails or a failed one blocks. */
export async function deployMigrations(
  connectionString: string,
  baseDir = MIGRATIONS_DIR,
): Promise<string[]> {
  return withEngine(postgresAdapterFactory(connectionString), async (engine) => {
    const result = await engine.applyMigrations({
      migrationsList: loadMigrationsList(baseDir),
      filters: NO_FILTERS,
    });
    return result.appliedMigrationNames;
  });
}

export interface MigrationStatus {
  hasMigrationsTable: boolean;
  failedMigrationNames: string[];
  editedMigrationNames: string[];
  pendingMigrationNames: string[];
  unknownMigrationNames: string[];
  upToDate: boolean;
}

export async function migrationStatus(
  connectionString: string,
  baseDir = MIGRATIONS_DIR,
): Promise<MigrationStatus> {
  return withEngine(postgresAdapterFactory(connectionString), async (engine) => {
    const diagnosis = await engine.diagnoseMigrationHistory({
      migrationsList: loadMigrationsList(baseDir),
      optInToShadowDatabase: false,
      filters: NO_FILTERS,
    });
    const pending = diagnosis.history?.unappliedMigrationNames ?? [];
    const unknown = diagnosis.history?.unpersistedMigrationNames ?? [];
    return {
      hasMigrationsTable: diagnosis.hasMigrationsTable,
      failedMigrationNames: diagnosis.failedMigrationNames,
      editedMigrationNames: diagnosis.editedMigrationNames,
      pendingMigrationNames: pending,
      unknownMigrationNames: unknown,
      upToDate:
        diagnosis.history === null &&
        diagnosis.failedMigrationNames.length === 0 &&
        diagnosis.editedMigrationNames.length === 0,
    };
  });
}

/**
 * The SQL that would take a database built from the migrations to the schema. Empty
 * when they agree. Introspection runs on an in-memory PGlite, because adapter-pg cannot
 * deserialize every catalog column type the engine reads.
 */
export async function diffMigrationsAgainstSchema(baseDir = MIGRATIONS_DIR): Promise<string> {
  const shadow = new PGlite();
  try {
    for (const directory of loadMigrationsList(baseDir).migrationDirectories) {
      if (directory.migrationFile.content.tag === "error") {
        throw new Error(directory.migrationFile.content.value);
      }
      await shadow.exec(directory.migrationFile.content.value);
    }
    return await diffLiveDatabaseAgainstSchema(shadow);
  } finally {
    await shadow.close();
  }
}

/** The SQL that would take the given PGlite database to the schema; empty when in sync. */
export async function diffLiveDatabaseAgainstSchema(database: PGlite): Promise<string> {
  const schemaFiles = readSchemaFiles();
  return withEngine(
    bindMigrationAwareSqlAdapterFactory(new PrismaPGlite(database)),
    async (engine) => {
      const result = await engine.diff({
        from: { tag: "schemaDatasource", files: schemaFiles, configDir: ROOT },
        to: { tag: "schemaDatamodel", files: schemaFiles },
        script: true,
        exitCode: null,
        filters: NO_FILTERS,
      });
      return meaningfulSql(result.stdout ?? "");
    },
  );
}

function meaningfulSql(script: string): string {
  const statements = script
    .split("\n")
    .filter((line) => line.trim() !== "" && !line.trim().startsWith("--"));
  return statements.length === 0 ? "" : script.trim();
}

function timestamp(now = new Date()): string {
  return now.toISOString().replace(/[-:T]/g, "").slice(0, 14);
}

/** Writes a new migration from the schema changes; returns its folder, or null if none. */
export async function createMigration(
  name: string,
  baseDir = MIGRATIONS_DIR,
): Promise<string | null> {
  const slug = name
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "");
  if (!slug) throw new Error("Give the migration a name: npm run db:migrate:create -- <name>");
  const sql = await diffMigrationsAgainstSchema(baseDir);
  if (!sql) return null;
  const folder = path.join(baseDir, `${timestamp()}_${slug}`);
  mkdirSync(folder, { recursive: true });
  writeFileSync(path.join(folder, "migration.sql"), `${sql}\n`);
  const lockfile = path.join(baseDir, "migration_lock.toml");
  if (!existsSync(lockfile)) {
    writeFileSync(
      lockfile,
      '# Please do not edit this file manually\n# It should be added in your version-control system (e.g., Git)\nprovider = "postgresql"\n',
    );
  }
  return folder;
}
