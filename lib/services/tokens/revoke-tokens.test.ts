import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import type { UserPrincipal } from "@/lib/auth/principal";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { Plan } from "@/lib/generated/prisma/enums";
import { createApiToken } from "@/test/api/helpers";
import { createTestTenant, createTestUser } from "@/test/factories";
import { BULK_REVOKE_MAX, revokeTokens } from "./revoke-tokens";

// Integration tests against the real database; each test makes its own organizations.

const IP = "203.0.113.10";

async function tenant(plan: Plan = "PRO") {
  const { organization, user } = await createTestTenant({ plan });
  const actor: UserPrincipal = { kind: "user", userId: user.id, ip: IP };
  return { organizationId: organization.id, actor };
}

async function tokens(organizationId: string, names: string[], revokedAt: Date | null = null) {
  const rows = [];
  for (const name of names)
    rows.push((await createApiToken({ organizationId, name, revokedAt })).row);
  return rows;
}

function revokedEvents(organizationId: string) {
  return db.auditEvent.findMany({
    where: { organizationId, action: "token.revoked" },
    orderBy: { createdAt: "asc" },
  });
}

afterAll(async () => {
  await db.$disconnect();
});

describe("revokeTokens", () => {
  it("revokes each token and records one audit event per token", async () => {
    const { organizationId, actor } = await tenant();
    const [a, b] = await tokens(organizationId, ["Deploy", "Backup", "Untouched"]);

    const results = await revokeTokens(
      { principal: actor, organizationId },
      { tokenIds: [a!.id, b!.id] },
    );

    expect(results).toEqual([
      { tokenId: a!.id, name: "Deploy", outcome: "revoked" },
      { tokenId: b!.id, name: "Backup", outcome: "revoked" },
    ]);
    const rows = await db.apiToken.findMany({
      where: { organizationId },
      orderBy: { name: "asc" },
    });
    expect(rows.map((row) => [row.name, row.revokedById, row.revokedAt !== null])).toEqual([
      ["Backup", actor.userId, true],
      ["Deploy", actor.userId, true],
      ["Untouched", null, false],
    ]);
    const events = await revokedEvents(organizationId);
    expect(events.map((event) => event.targetId).sort()).toEqual([a!.id, b!.id].sort());
    for (const event of events) {
      expect(event).toMatchObject({ actorId: actor.userId, targetType: "api_token", ip: IP });
      expect(event.metadata).toMatchObject({ bulk: true });
    }
  });

  it("reports already revoked and unknown tokens without stopping the others", async () => {
    const { organizationId, actor } = await tenant();
    const earlier = new Date("2026-01-01T00:00:00.000Z");
    const [revoked] = await tokens(organizationId, ["Old"], earlier);
    const [active] = await tokens(organizationId, ["Live"]);
    const elsewhere = await tenant();
    const [foreign] = await tokens(elsewhere.organizationId, ["Theirs"]);
    const missing = randomUUID();

    const results = await revokeTokens(
      { principal: actor, organizationId },
      { tokenIds: [revoked!.id, active!.id, foreign!.id, missing, "not-a-uuid", active!.id] },
    );

    expect(results).toEqual([
      { tokenId: revoked!.id, name: "Old", outcome: "already_revoked" },
      { tokenId: active!.id, name: "Live", outcome: "revoked" },
      { tokenId: foreign!.id, name: null, outcome: "not_found" },
      { tokenId: missing, name: null, outcome: "not_found" },
      { tokenId: "not-a-uuid", name: null, outcome: "not_found" },
    ]);
    // The first revocation keeps its time; the other organization's token is untouched.
    const old = await db.apiToken.findUniqueOrThrow({ where: { id: revoked!.id } });
    expect(old.revokedAt).toEqual(earlier);
    const theirs = await db.apiToken.findUniqueOrThrow({ where: { id: foreign!.id } });
    expect(theirs.revokedAt).toBeNull();
    expect((await revokedEvents(organizationId)).map((event) => event.targetId)).toEqual([
      active!.id,
    ]);
  });

  it("allows an admin", async () => {
    const { organizationId } = await tenant();
    const { user } = await createTestUser({ organizationId, role: "ADMIN" });
    const [token] = await tokens(organizationId, ["Admin's"]);
    const actor: UserPrincipal = { kind: "user", userId: user.id, ip: IP };
    const [result] = await revokeTokens(
      { principal: actor, organizationId },
      { tokenIds: [token!.id] },
    );
    expect(result?.outcome).toBe("revoked");
  });

  it("refuses a member (read-only role) and changes nothing", async () => {
    const { organizationId } = await tenant();
    const { user } = await createTestUser({ organizationId, role: "MEMBER" });
    const [token] = await tokens(organizationId, ["Keep"]);
    const actor: UserPrincipal = { kind: "user", userId: user.id, ip: IP };

    const error = await revokeTokens(
      { principal: actor, organizationId },
      { tokenIds: [token!.id] },
    ).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe("forbidden");
    expect(
      (await db.apiToken.findUniqueOrThrow({ where: { id: token!.id } })).revokedAt,
    ).toBeNull();
    expect(await revokedEvents(organizationId)).toEqual([]);
  });

  it("refuses a member of another organization", async () => {
    const { organizationId } = await tenant();
    const outsider = await tenant();
    const [token] = await tokens(organizationId, ["Keep"]);
    await expect(
      revokeTokens({ principal: outsider.actor, organizationId }, { tokenIds: [token!.id] }),
    ).rejects.toMatchObject({ code: "forbidden" });
  });

  it("works on a plan without API access, so a downgraded organization can shut off leaks", async () => {
    const { organizationId, actor } = await tenant("FREE");
    const [token] = await tokens(organizationId, ["Leaked"]);
    const [result] = await revokeTokens(
      { principal: actor, organizationId },
      { tokenIds: [token!.id] },
    );
    expect(result?.outcome).toBe("revoked");
  });

  it("refuses more tokens than one request may take, before touching any", async () => {
    const { organizationId, actor } = await tenant();
    const [token] = await tokens(organizationId, ["Keep"]);
    const tokenIds = [token!.id, ...Array.from({ length: BULK_REVOKE_MAX }, () => randomUUID())];
    await expect(
      revokeTokens({ principal: actor, organizationId }, { tokenIds }),
    ).rejects.toMatchObject({
      code: "validation_error",
    });
    expect(
      (await db.apiToken.findUniqueOrThrow({ where: { id: token!.id } })).revokedAt,
    ).toBeNull();
  });
});
