import { randomUUID } from "node:crypto";
import type { PoolClient } from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { db, dbPool } from "@/lib/db";
import { createApiToken } from "@/test/api/helpers";
import { createTestTenant, createTestUser } from "@/test/factories";
import { recordAuditEvent } from "./record-audit-event";
import { pruneAuditEvents } from "./retention";

// The audit log is append-only in the database itself (a trigger), not only because the
// application has no update or delete path: these statements come from outside it.
// The database's own superuser (the test database's connection) does not bypass a trigger
// either; only disabling it, which needs the table's owner or a superuser, does.

afterAll(async () => {
  await db.$disconnect();
});

async function tenantWithEvent() {
  const { organization, user } = await createTestTenant();
  await recordAuditEvent(db, {
    organizationId: organization.id,
    actor: { kind: "user", userId: user.id, ip: null },
    action: "plan.changed",
    targetType: "organization",
  });
  const event = await db.auditEvent.findFirstOrThrow({
    where: { organizationId: organization.id },
  });
  return { organization, user, event };
}

describe("audit_events is append-only", () => {
  it("refuses UPDATE, DELETE and TRUNCATE", async () => {
    const { organization, event } = await tenantWithEvent();
    await expect(
      db.auditEvent.update({ where: { id: event.id }, data: { action: "token.created" } }),
    ).rejects.toThrow(/append-only/);
    await expect(
      db.auditEvent.updateMany({ where: { id: event.id }, data: { actorId: null } }),
    ).rejects.toThrow(/append-only/);
    await expect(db.auditEvent.delete({ where: { id: event.id } })).rejects.toThrow(/append-only/);
    await expect(
      db.auditEvent.deleteMany({ where: { organizationId: organization.id } }),
    ).rejects.toThrow(/append-only/);
    await expect(db.$executeRawUnsafe("TRUNCATE audit_events")).rejects.toThrow(/append-only/);
    expect(await db.auditEvent.findUniqueOrThrow({ where: { id: event.id } })).toEqual(event);
  });

  it("refuses a DELETE in a session that names itself the retention job (the setting it once trusted)", async () => {
    const { event } = await tenantWithEvent();
    await expect(
      db.$transaction(async (tx) => {
        await tx.$executeRaw`SELECT set_config('mailshield.audit_retention', 'on', true)`;
        return tx.auditEvent.delete({ where: { id: event.id } });
      }),
    ).rejects.toThrow(/append-only/);
    expect(await db.auditEvent.findUniqueOrThrow({ where: { id: event.id } })).toEqual(event);
  });

  it("a role that may write the table cannot delete events, nor step around the trigger", async () => {
    const { event } = await tenantWithEvent();
    // An application role that is not the table's owner, as a production deployment
    // connects: created inside a transaction that is rolled back, so nothing of it stays
    // in the cluster, where roles are shared by every database.
    const role = `audit_test_${randomUUID().replaceAll("-", "")}`;
    const refusals = await inRolledBackTransaction(async (client) => {
      await client.query(`CREATE ROLE ${role} NOLOGIN`);
      // Needed to SET ROLE to it when the tests connect as a role that is not a superuser.
      await client.query(`GRANT ${role} TO CURRENT_USER`);
      await client.query(`GRANT USAGE ON SCHEMA ${await currentSchema(client)} TO ${role}`);
      await client.query(
        `GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON audit_events, organizations TO ${role}`,
      );
      await client.query(`SET LOCAL ROLE ${role}`);
      const refused = (sql: string, values?: unknown[]) => refusal(client, sql, values);
      return {
        deleteWithSetting: await refused(
          `SELECT set_config('mailshield.audit_retention', 'on', true);
           DELETE FROM audit_events WHERE id = '${event.id}'`,
        ),
        update: await refused("UPDATE audit_events SET action = 'x' WHERE id = $1", [event.id]),
        truncate: await refused("TRUNCATE audit_events"),
        callRetention: await refused("SELECT audit_retention_delete('infinity', 1000)"),
        disableTrigger: await refused(
          "ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only",
        ),
        replicaMode: await refused("SET LOCAL session_replication_role = replica"),
        replaceTrigger: await refused(
          `CREATE OR REPLACE FUNCTION audit_events_append_only() RETURNS trigger
           LANGUAGE plpgsql AS $$ BEGIN RETURN OLD; END $$`,
        ),
      };
    });
    expect(refusals).toEqual({
      deleteWithSetting: expect.stringMatching(/append-only/),
      update: expect.stringMatching(/append-only/),
      truncate: expect.stringMatching(/append-only/),
      callRetention: expect.stringMatching(/permission denied for function/),
      disableTrigger: expect.stringMatching(/must be owner/),
      replicaMode: expect.stringMatching(/permission denied/),
      // Refused for want of CREATE on the schema, or else as not the function's owner.
      replaceTrigger: expect.stringMatching(/permission denied for schema|must be owner/),
    });
    expect(await db.auditEvent.findUniqueOrThrow({ where: { id: event.id } })).toEqual(event);
  });

  it("no session can become the retention role: it cannot log in and has no members", async () => {
    // SET ROLE is checked against the login role, so a session can take on the retention
    // role only as a member of it (or a superuser). The deletion path is its function.
    const [retention] = await db.$queryRaw<{ canLogin: boolean; members: number }[]>`
      SELECT rolcanlogin AS "canLogin",
             (SELECT count(*)::int FROM pg_auth_members WHERE roleid = r.oid) AS members
        FROM pg_roles r WHERE rolname = 'mailshield_audit_retention'`;
    expect(retention).toEqual({ canLogin: false, members: 0 });
  });

  it("still lets the foreign keys act: a deleted actor becomes null, a deleted organization takes its events", async () => {
    const { organization, event } = await tenantWithEvent();
    const { user: other } = await createTestUser({ organizationId: organization.id });
    const { row: token } = await createApiToken({ organizationId: organization.id });
    await recordAuditEvent(db, {
      organizationId: organization.id,
      actor: { kind: "token", tokenId: token.id, tokenName: token.name, ip: null },
      action: "domain.created",
      targetType: "domain",
    });
    await recordAuditEvent(db, {
      organizationId: organization.id,
      actor: { kind: "user", userId: other.id, ip: null },
      action: "plan.changed",
      targetType: "organization",
    });
    await db.user.delete({ where: { id: other.id } });
    await db.apiToken.delete({ where: { id: token.id } });
    const events = await db.auditEvent.findMany({ where: { organizationId: organization.id } });
    expect(events).toHaveLength(3);
    expect(events.filter((e) => e.actorId === null && e.actorTokenId === null)).toHaveLength(2);
    // The token's name survives its deletion.
    expect(events.find((e) => e.action === "domain.created")?.metadata).toEqual({
      tokenName: token.name,
    });
    expect(events.find((e) => e.id === event.id)).toEqual(event);

    await db.organization.delete({ where: { id: organization.id } });
    expect(await db.auditEvent.count({ where: { organizationId: organization.id } })).toBe(0);
  });
});

/** Runs `work` on one connection inside a transaction that is always rolled back. */
async function inRolledBackTransaction<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await dbPool.connect();
  try {
    await client.query("BEGIN");
    return await work(client);
  } finally {
    await client.query("ROLLBACK");
    client.release();
  }
}

async function currentSchema(client: PoolClient): Promise<string> {
  const { rows } = await client.query<{ schema: string }>("SELECT current_schema() AS schema");
  return rows[0]!.schema;
}

/**
 * The error message `sql` fails with, or "allowed"; undone either way, so each attempt
 * starts from the same state. Without `values` it may hold several statements.
 */
async function refusal(client: PoolClient, sql: string, values?: unknown[]): Promise<string> {
  await client.query("SAVEPOINT attempt");
  try {
    await client.query(sql, values);
    return "allowed";
  } catch (error) {
    return (error as Error).message;
  } finally {
    await client.query("ROLLBACK TO SAVEPOINT attempt");
  }
}

describe("pruneAuditEvents", () => {
  it("deletes only the events older than the retention period, in batches", async () => {
    const { organization, user } = await createTestTenant();
    const now = new Date("2020-06-01T12:00:00Z");
    const day = 24 * 60 * 60 * 1000;
    const ages = [400, 366, 365.5, 364, 10];
    for (const age of ages) {
      await db.auditEvent.create({
        data: {
          organizationId: organization.id,
          actorId: user.id,
          action: "plan.changed",
          targetType: "organization",
          createdAt: new Date(now.getTime() - age * day),
        },
      });
    }
    const result = await pruneAuditEvents({ now, retentionDays: 365, batchSize: 2 });
    expect(result.cutoff).toEqual(new Date(now.getTime() - 365 * day));
    expect(result.deleted).toBeGreaterThanOrEqual(3);
    const left = await db.auditEvent.findMany({
      where: { organizationId: organization.id },
      orderBy: { createdAt: "asc" },
    });
    expect(left.map((e) => Math.round((now.getTime() - e.createdAt.getTime()) / day))).toEqual([
      364, 10,
    ]);
  });

  it("never deletes an event younger than a day, whatever cutoff it is given", async () => {
    const { organization, user } = await createTestTenant();
    const kept = await inRolledBackTransaction(async (client) => {
      const insert = (age: string) =>
        client.query(
          `INSERT INTO audit_events (id, organization_id, actor_id, action, target_type, created_at)
           VALUES (gen_random_uuid(), $1, $2, 'plan.changed', 'organization', now() - $3::interval)`,
          [organization.id, user.id, age],
        );
      await insert("2 days");
      await insert("1 hour");
      // The function's own statement; what the retention job calls.
      await client.query("SELECT audit_retention_delete('infinity', 1000)");
      const { rows } = await client.query<{ hours: number }>(
        `SELECT round(extract(epoch FROM now() - created_at) / 3600)::int AS hours
           FROM audit_events WHERE organization_id = $1`,
        [organization.id],
      );
      return rows.map((row) => row.hours);
    });
    expect(kept).toEqual([1]);
  });
});
