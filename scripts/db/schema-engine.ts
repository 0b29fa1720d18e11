import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";

// Thin loader for Prisma's WebAssembly schema engine. The package imports its .wasm file
// as an ES module, which Node 20 cannot do without an experimental flag, so the module
// is instantiated by hand with the package's own JS glue.

export interface SchemaFilter {
  externalTables: string[];
  externalEnums: string[];
}

export interface MigrationDirectory {
  path: string;
  migrationFile: {
    path: string;
    content: { tag: "ok"; value: string } | { tag: "error"; value: string };
  };
}

export interface MigrationList {
  baseDir: string;
  lockfile: { path: string; content: string | null };
  shadowDbInitScript: string;
  migrationDirectories: MigrationDirectory[];
}

export interface SchemaFile {
  path: string;
  content: string;
}

export type DiffTarget =
  | { tag: "empty" }
  | { tag: "schemaDatasource"; files: SchemaFile[]; configDir: string }
  | { tag: "schemaDatamodel"; files: SchemaFile[] }
  | ({ tag: "migrations" } & MigrationList);

export interface HistoryDiagnostic {
  diagnostic: "databaseIsBehind" | "migrationsDirectoryIsBehind" | "historiesDiverge";
  unappliedMigrationNames?: string[];
  unpersistedMigrationNames?: string[];
}

export interface SchemaEngine {
  applyMigrations(input: {
    migrationsList: MigrationList;
    filters: SchemaFilter;
  }): Promise<{ appliedMigrationNames: string[] }>;
  diagnoseMigrationHistory(input: {
    migrationsList: MigrationList;
    optInToShadowDatabase: boolean;
    filters: SchemaFilter;
  }): Promise<{
    editedMigrationNames: string[];
    failedMigrationNames: string[];
    hasMigrationsTable: boolean;
    history: HistoryDiagnostic | null;
  }>;
  diff(input: {
    from: DiffTarget;
    to: DiffTarget;
    script: boolean;
    exitCode: boolean | null;
    filters: SchemaFilter;
  }): Promise<{ exitCode: number; stdout: string | null }>;
  free(): void;
}

export const NO_FILTERS: SchemaFilter = { externalTables: [], externalEnums: [] };

interface EngineModule {
  __wbg_set_wasm(exports: WebAssembly.Exports): void;
  SchemaEngine: {
    new: (
      options: { datamodels: [string, string][] },
      log: (line: string) => void,
      adapterFactory: object,
    ) => Promise<SchemaEngine>;
  };
}

let enginePromise: Promise<EngineModule> | undefined;

function loadEngineModule(): Promise<EngineModule> {
  enginePromise ??= (async () => {
    const require = createRequire(import.meta.url);
    const dir = path.dirname(require.resolve("@prisma/schema-engine-wasm"));
    const glue = (await import(
      pathToFileURL(path.join(dir, "schema_engine_bg.js")).href
    )) as EngineModule & WebAssembly.ModuleImports;
    const { instance } = await WebAssembly.instantiate(
      readFileSync(path.join(dir, "schema_engine_bg.wasm")),
      { "./schema_engine_bg.js": glue },
    );
    glue.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as (() => void) | undefined)?.();
    return glue;
  })();
  return enginePromise;
}

/** Creates an engine bound to a migration-aware driver adapter factory. */
export async function createSchemaEngine(
  schemaFiles: SchemaFile[],
  adapterFactory: object,
): Promise<SchemaEngine> {
  const engineModule = await loadEngineModule();
  const log = (line: string) => {
    if (process.env.MIGRATE_DEBUG) console.error(line);
  };
  return engineModule.SchemaEngine.new(
    { datamodels: schemaFiles.map((file) => [file.path, file.content]) },
    log,
    adapterFactory,
  );
}
