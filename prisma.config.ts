import path from "node:path";
import { defineConfig } from "prisma/config";

// Prisma's CLI insists on locating its native schema engine before `generate`,
// `validate` and `format`, but never runs it for those commands. The binary cannot
// be downloaded on an offline machine, so point the CLI at a stub; migrations run
// through the WebAssembly engine instead (scripts/db/migrate.ts).
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= path.join(
  import.meta.dirname,
  "scripts/db/schema-engine-stub.sh",
);

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: {
    // `generate` needs no database; a placeholder keeps the CLI from failing when
    // DATABASE_URL is unset (the embedded default sets it at run time).
    url: process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres",
  },
});
