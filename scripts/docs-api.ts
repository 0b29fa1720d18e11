// `npm run docs:api`: rewrites the endpoint table of docs/api.md (between its marker
// comments) from the operation declarations, and its permission table from
// lib/permissions.ts. lib/openapi/endpoint-table.test.ts and permission-table.test.ts fail
// while the file's tables differ from what this writes.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

// The declarations sit next to their handlers, whose modules create the database pool on
// import. Nothing here queries, and a pool connects only on its first query, so without a
// configured database any address will do.
process.env.DATABASE_URL ||= "postgresql://localhost/unused-by-docs-api";
const { API_OPERATIONS } = await import("@/app/api/v1/operations");
const { endpointTable, withEndpointTable, withGeneratedSection } = await import(
  "@/lib/openapi/endpoint-table"
);
const { permissionTable, PERMISSIONS_END, PERMISSIONS_START } = await import(
  "@/lib/openapi/permission-table"
);

const file = path.join(import.meta.dirname, "../docs/api.md");
const before = readFileSync(file, "utf8");
const after = withGeneratedSection(
  withEndpointTable(before, endpointTable(API_OPERATIONS)),
  { start: PERMISSIONS_START, end: PERMISSIONS_END },
  permissionTable(),
);
if (after === before) {
  console.log("docs/api.md: the endpoint and permission tables are up to date");
} else {
  writeFileSync(file, after);
  console.log("docs/api.md: endpoint and permission tables rewritten");
}
