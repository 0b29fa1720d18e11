import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// Hand-written SQL lives in lib/sql only, each statement next to the measurement (or
// the reason) that puts it there; the application's other code goes through Prisma. This
// scans the application's source (lib/, app/ and the files at the root) for raw-query
// calls and for SQL statements in strings. Tests, scripts/ and bench/ may hold SQL.

const ROOT = path.resolve(import.meta.dirname, "../..");
const SQL_MODULES = path.join("lib", "sql");
const SKIPPED = [SQL_MODULES, path.join("lib", "generated")];

const FORBIDDEN: Array<[string, RegExp]> = [
  ["a raw Prisma query", /\$(queryRaw|executeRaw)(Unsafe)?\b/],
  ["a Prisma SQL fragment", /\bPrisma\.(sql|raw|join|empty)\b/],
  ["a query on the pg pool or a client", /\.query\s*(<[^>]*>)?\s*\(/],
  ["a prepared statement", /\bpreparedQuery\b/],
  [
    "an SQL statement",
    /\b(SELECT\s[^;]*?\bFROM\s|SELECT\s+\d|INSERT\s+INTO\s|UPDATE\s+\w+\s+SET\s|DELETE\s+FROM\s|pg_advisory)/,
  ],
];

/** The code of a TypeScript/JavaScript file without its comments (crudely: enough here). */
function withoutComments(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|[^:"'`\\])\/\/.*$/gm, "$1");
}

/** What `source` does that only lib/sql may do, one entry per kind. */
function rawSqlFindings(source: string): string[] {
  const code = withoutComments(source);
  return FORBIDDEN.filter(([, pattern]) => pattern.test(code)).map(([what]) => what);
}

function sourceFiles(directory: string): string[] {
  return readdirSync(path.join(ROOT, directory), { withFileTypes: true }).flatMap((entry) => {
    const relative = path.join(directory, entry.name);
    if (entry.isDirectory()) return SKIPPED.includes(relative) ? [] : sourceFiles(relative);
    const isSource = /\.(ts|tsx|mjs|js)$/.test(entry.name);
    return isSource && !/\.test\.tsx?$/.test(entry.name) ? [relative] : [];
  });
}

function applicationFiles(): string[] {
  const rootFiles = readdirSync(ROOT, { withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.(ts|mjs)$/.test(entry.name))
    .map((entry) => entry.name);
  return [...sourceFiles("lib"), ...sourceFiles("app"), ...rootFiles];
}

describe("hand-written SQL", () => {
  it("appears nowhere in the application outside lib/sql", () => {
    const files = applicationFiles();
    expect(files).toContain(path.join("lib", "services", "logs", "query.ts"));
    const offenders = files.flatMap((file) =>
      rawSqlFindings(readFileSync(path.join(ROOT, file), "utf8")).map((what) => `${file}: ${what}`),
    );
    expect(offenders).toEqual([]);
  });

  it("is recognized in each form the application has used", () => {
    const samples = [
      "await db.$queryRaw`SELECT 1`;",
      "await tx.$executeRaw`SELECT pg_advisory_xact_lock(1)`;",
      "db.$queryRawUnsafe(text);",
      "const where = Prisma.sql`l.method = 'GET'`;",
      "const { rows } = await dbPool.query<Row>(FIND, [hash]);",
      "await this.pool.query(RELEASE_SQL, [key]);",
      "dbPool.query(preparedQuery('name', TEXT, []));",
      "const TEXT = `\n  SELECT id\n    FROM api_tokens WHERE id = $1`;",
      'const SQL = "DELETE FROM rate_limit_buckets WHERE key = $1";',
      "const SQL = `INSERT INTO api_request_logs (id) VALUES ($1)`;",
      "const SQL = `UPDATE api_tokens SET name = $2 WHERE id = $1`;",
    ];
    for (const sample of samples) expect(rawSqlFindings(sample), sample).not.toEqual([]);
    // The module itself is what the scan would flag anywhere else.
    const hotPath = sourceFiles(SQL_MODULES).filter((file) => !file.endsWith("index.ts"));
    for (const file of hotPath) {
      expect(rawSqlFindings(readFileSync(path.join(ROOT, file), "utf8")), file).not.toEqual([]);
    }
  });

  it("is not confused with prose: comments and interface text are not SQL", () => {
    const prose = [
      "// a trivial query such as `SELECT 1` answers",
      "/* rows are read FROM the index: SELECT nothing */",
      "<p>Select a token from the list, then update its settings.</p>",
      "const url = `https://example.test/select?from=1`;",
    ];
    for (const sample of prose) expect(rawSqlFindings(sample), sample).toEqual([]);
  });
});
