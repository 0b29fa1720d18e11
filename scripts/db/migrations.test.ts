import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import pg from "pg";
import { describe, expect, it } from "vitest";
import {
  deployMigrations,
  diffLiveDatabaseAgainstSchema,
  diffMigrationsAgainstSchema,
  MIGRATIONS_DIR,
  migrationStatus,
} from "./migrations";

// These tests drive the real migration code against a database of their own: an
// in-process PGlite served over the wire protocol (the embedded default's code path),
// and, when DATABASE_URL is a PostgreSQL server, a throwaway database on that server.

async function withEmbeddedDatabase<T>(run: (url: string, database: PGlite) => Promise<T>) {
  const database = await PGlite.create();
  const server = new PGLiteSocketServer({ db: database, port: 0, maxConnections: 4 });
  await server.start();
  try {
    return await run(`postgresql://postgres@${server.getServerConn()}/postgres`, database);
  } finally {
    await server.stop();
    await database.close();
  }
}

async function withThrowawayPostgres<T>(run: (url: string) => Promise<T>) {
  const base = new URL(process.env.DATABASE_URL!);
  const name = `mailshield_migrate_test_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
  const admin = new pg.Client({ connectionString: base.toString() });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  try {
    const url = new URL(base);
    url.pathname = `/${name}`;
    return await run(url.toString());
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

const onPostgres = Boolean(process.env.DATABASE_URL) && !process.env.MAILSHIELD_EMBEDDED_DB;

function migrationsWithBrokenOne(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "mailshield-migrations-"));
  cpSync(MIGRATIONS_DIR, dir, { recursive: true });
  const broken = path.join(dir, "29990101000000_broken");
  mkdirSync(broken);
  // The first statement succeeds; the second fails. The file must leave no trace.
  writeFileSync(
    path.join(broken, "migration.sql"),
    'CREATE TABLE "half_done" ("id" INTEGER);\nSELECT * FROM "no_such_table";\n',
  );
  const later = path.join(dir, "29990102000000_later");
  mkdirSync(later);
  writeFileSync(path.join(later, "migration.sql"), 'CREATE TABLE "later" ("id" INTEGER);\n');
  return dir;
}

async function tableExists(url: string, table: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const result = await client.query("SELECT to_regclass($1) AS name", [table]);
    return result.rows[0].name !== null;
  } finally {
    await client.end();
  }
}

async function expectFailedMigrationBlocksDeploy(url: string) {
  const dir = migrationsWithBrokenOne();
  await expect(deployMigrations(url, dir)).rejects.toThrow(/no_such_table/);
  expect(await tableExists(url, "half_done")).toBe(false);

  // Like Prisma's P3009: with a failed migration recorded, nothing else is applied.
  await expect(deployMigrations(url, dir)).rejects.toThrow(/failed migrations/);
  expect(await tableExists(url, "later")).toBe(false);

  const status = await migrationStatus(url, dir);
  expect(status.failedMigrationNames).toEqual(["29990101000000_broken"]);
  expect(status.pendingMigrationNames).toContain("29990102000000_later");
  expect(status.upToDate).toBe(false);
}

describe("migrations", () => {
  it("build exactly the schema in schema.prisma (no drift)", async () => {
    expect(await diffMigrationsAgainstSchema()).toBe("");
    await withEmbeddedDatabase(async (url, database) => {
      const applied = await deployMigrations(url);
      expect(applied.length).toBeGreaterThan(0);
      expect(await diffLiveDatabaseAgainstSchema(database)).toBe("");
      expect((await migrationStatus(url)).upToDate).toBe(true);
    });
  }, 60_000);

  it("apply nothing the second time", async () => {
    await withEmbeddedDatabase(async (url) => {
      await deployMigrations(url);
      expect(await deployMigrations(url)).toEqual([]);
    });
  }, 60_000);

  it("record a failed migration as failed, roll it back, and block later deploys (embedded)", async () => {
    await withEmbeddedDatabase((url) => expectFailedMigrationBlocksDeploy(url));
  }, 60_000);

  // Only meaningful with a PostgreSQL server; the embedded run covers the same code path.
  if (onPostgres) {
    it("record a failed migration as failed and block later deploys (PostgreSQL)", async () => {
      await withThrowawayPostgres((url) => expectFailedMigrationBlocksDeploy(url));
    }, 60_000);
  }
});
