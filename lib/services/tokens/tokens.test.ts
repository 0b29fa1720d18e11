import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as domainsRoute from "@/app/api/v1/domains/route";
import { hashApiToken, isWellFormedApiToken } from "@/lib/auth/token";
import { earliestAllowedExpirationDate } from "@/lib/auth/token-expiry";
import { db } from "@/lib/db";
import type { Plan, Role } from "@/lib/generated/prisma/enums";
import { flushRequestLogs } from "@/lib/services/logs/writer";
import type { TokenInput } from "@/lib/validations/token";
import { apiRequest } from "@/test/api/helpers";
import { atInstant } from "@/test/clock";
import { expectAppError } from "@/test/expect-app-error";
import { createTestTenant, createTestUser } from "@/test/factories";
import { memberContext } from "@/test/principals";
import {
  createToken,
  findTokenOrganization,
  getToken,
  listTokens,
  revokeToken,
  updateToken,
} from "./index";

// Integration tests against the real database. Each test builds its own organizations and
// users, so the file can run alongside others without truncating anything.

const IP = "203.0.113.10";

function form(overrides: Partial<TokenInput> = {}): TokenInput {
  return {
    name: `Token ${Math.random().toString(36).slice(2, 10)}`,
    description: "",
    ipAllowlist: [],
    expiresOn: null,
    ...overrides,
  };
}

async function tenant(plan: Plan = "PRO") {
  const { organization, user } = await createTestTenant({ plan });
  return { organizationId: organization.id, owner: user };
}

async function member(organizationId: string, role: Role) {
  const { user } = await createTestUser({ organizationId, role });
  return user;
}

function auditEvents(organizationId: string) {
  return db.auditEvent.findMany({ where: { organizationId }, orderBy: { createdAt: "asc" } });
}

function tomorrow(): string {
  return earliestAllowedExpirationDate();
}

function isoDateInDays(days: number): string {
  const date = new Date(`${tomorrow()}T00:00:00.000Z`);
  date.setUTCDate(date.getUTCDate() + days - 1);
  return date.toISOString().slice(0, 10);
}

/** Makes a token look expired by moving its expiry into the past (the form cannot). */
async function expireToken(tokenId: string) {
  await db.apiToken.update({
    where: { id: tokenId },
    data: { expiresAt: new Date("2020-01-01T00:00:00.000Z") },
  });
}

afterAll(async () => {
  await db.$disconnect();
});

describe("createToken", () => {
  it("stores the hash and last four, and returns the plaintext once", async () => {
    const { organizationId, owner } = await tenant("PRO");
    const { token, summary } = await createToken(
      { principal: { kind: "user" as const, userId: owner.id, ip: IP }, organizationId },
      form({
        name: "  GitHub Actions - Deploy ",
        description: "Deploys production",
        ipAllowlist: ["203.0.113.50", "198.51.100.0/24", "::ffff:203.0.113.50"],
        expiresOn: isoDateInDays(30),
      }),
    );

    expect(isWellFormedApiToken(token)).toBe(true);
    expect(summary).toMatchObject({
      name: "GitHub Actions - Deploy",
      description: "Deploys production",
      lastFour: token.slice(-4),
      ipAllowlist: ["203.0.113.50/32", "198.51.100.0/24"],
      expiresAt: new Date(`${isoDateInDays(30)}T00:00:00.000Z`),
      revokedAt: null,
      revokedBy: null,
      lastUsedAt: null,
      lastUsedIp: null,
      status: "active",
      createdBy: { id: owner.id, email: owner.email, name: owner.name },
    });
    expect(summary).not.toHaveProperty("tokenHash");

    const row = await db.apiToken.findUniqueOrThrow({ where: { id: summary.id } });
    expect(row.tokenHash).toBe(hashApiToken(token));
    expect(row.organizationId).toBe(organizationId);
    expect(row.createdById).toBe(owner.id);
  });

  it("leaves no plaintext token anywhere in the token or audit tables", async () => {
    const { organizationId, owner } = await tenant("BUSINESS");
    const { token, summary } = await createToken(
      { principal: { kind: "user" as const, userId: owner.id, ip: IP }, organizationId },
      form({ ipAllowlist: ["10.0.0.0/8"] }),
    );
    await updateToken(
      { principal: { kind: "user" as const, userId: owner.id, ip: IP }, organizationId },
      { tokenId: summary.id, ...form({ name: "Renamed", ipAllowlist: ["10.0.0.0/16"] }) },
    );
    await revokeToken(
      { principal: { kind: "user" as const, userId: owner.id, ip: IP }, organizationId },
      { tokenId: summary.id },
    );

    const columns = await db.$queryRaw<{ table_name: string; column_name: string }[]>`
      SELECT table_name::text, column_name::text
      FROM information_schema.columns
      WHERE table_schema = 'public'
        AND table_name IN ('api_tokens', 'audit_events')
        AND data_type IN ('text', 'character varying', 'character', 'jsonb', 'json', 'ARRAY')`;
    expect(columns.map((c) => `${c.table_name}.${c.column_name}`)).toEqual(
      expect.arrayContaining(["api_tokens.token_hash", "audit_events.metadata"]),
    );

    const secretBody = token.slice("ms_".length);
    for (const { table_name, column_name } of columns) {
      const [result] = await db.$queryRawUnsafe<{ hits: bigint }[]>(
        `SELECT count(*) AS hits FROM "${table_name}" WHERE strpos("${column_name}"::text, $1) > 0`,
        secretBody,
      );
      expect(Number(result?.hits), `${table_name}.${column_name}`).toBe(0);
    }
  });

  it("records an audit event with who, what, from where, and no token material", async () => {
    const { organizationId, owner } = await tenant("PRO");
    const { token, summary } = await createToken(
      { principal: { kind: "user" as const, userId: owner.id, ip: IP }, organizationId },
      form({ name: "Audit me", ipAllowlist: ["2001:db8::/32"], description: "d" }),
    );

    const [event, ...rest] = await auditEvents(organizationId);
    expect(rest).toEqual([]);
    expect(event).toMatchObject({
      actorId: owner.id,
      action: "token.created",
      targetType: "api_token",
      targetId: summary.id,
      ip: IP,
      metadata: {
        name: "Audit me",
        description: "d",
        ipAllowlist: ["2001:db8::/32"],
        scopes: ["domains:read", "domains:write"],
        expirationDate: null,
      },
    });
    const serialized = JSON.stringify(event);
    expect(serialized).not.toContain(token);
    expect(serialized).not.toContain(hashApiToken(token));
    // Only the display fields: nothing derived from the token, not even its last four.
    expect(Object.keys(event?.metadata as object).sort()).toEqual([
      "description",
      "domainIds",
      "expirationDate",
      "ipAllowlist",
      "name",
      "scopes",
    ]);
  });

  it("validates with the domain's schema, naming the domain's fields, and saves nothing on failure", async () => {
    const { organizationId, owner } = await tenant("PRO");
    const error = await expectAppError(
      createToken(
        { principal: { kind: "user" as const, userId: owner.id, ip: IP }, organizationId },
        form({ name: " ", ipAllowlist: ["10.0.0.300"], expiresOn: "2020-01-01" }),
      ),
      "validation_error",
    );
    expect(error.fieldErrors).toEqual({
      name: ["Enter a name for the token"],
      ipAllowlist: ["`10.0.0.300` is not a valid IP address or CIDR range"],
      expiresOn: ["Choose a date after today (UTC)"],
    });
    expect(await db.apiToken.count({ where: { organizationId } })).toBe(0);
    expect(await db.auditEvent.count({ where: { organizationId } })).toBe(0);
  });

  // The allowlist is a list: nothing splits an entry, so one holding a line break (which a
  // text field would have made two) is one bad entry, named by its place.
  it("refuses an allowlist entry holding a newline as one bad entry, under its place", async () => {
    const { organizationId, owner } = await tenant("PRO");
    const ctx = { principal: { kind: "user" as const, userId: owner.id, ip: IP }, organizationId };
    const error = await expectAppError(
      createToken(ctx, form({ ipAllowlist: ["192.0.2.1", "10.0.0.1\n10.0.0.2"] })),
      "validation_error",
    );
    expect(error.fieldErrors).toEqual({
      "ipAllowlist.1": ["Each entry is one IP address or CIDR range"],
    });
    expect(await db.apiToken.count({ where: { organizationId } })).toBe(0);
  });

  it.each(["FREE", "STARTER"] as const)("is refused on the %s plan", async (plan) => {
    const { organizationId, owner } = await tenant(plan);
    await expectAppError(
      createToken(
        { principal: { kind: "user" as const, userId: owner.id, ip: IP }, organizationId },
        form(),
      ),
      "forbidden",
      "API access requires a Pro plan or higher",
    );
    expect(await db.apiToken.count({ where: { organizationId } })).toBe(0);
  });

  it.each(["PRO", "BUSINESS", "ENTERPRISE"] as const)("is allowed on the %s plan", async (plan) => {
    const { organizationId, owner } = await tenant(plan);
    await createToken(
      { principal: { kind: "user" as const, userId: owner.id, ip: IP }, organizationId },
      form(),
    );
    expect(await db.apiToken.count({ where: { organizationId } })).toBe(1);
  });

  it("is allowed for admins and refused for members", async () => {
    const { organizationId } = await tenant("PRO");
    const admin = await member(organizationId, "ADMIN");
    const plainMember = await member(organizationId, "MEMBER");

    await createToken(
      { principal: { kind: "user" as const, userId: admin.id, ip: IP }, organizationId },
      form(),
    );
    await expectAppError(
      createToken(
        { principal: { kind: "user" as const, userId: plainMember.id, ip: IP }, organizationId },
        form(),
      ),
      "forbidden",
      "Only owners and admins can manage tokens",
    );
    expect(await db.apiToken.count({ where: { organizationId } })).toBe(1);
  });

  it("is refused for a user of another organization", async () => {
    const { organizationId } = await tenant("PRO");
    const other = await tenant("PRO");
    await expectAppError(
      createToken(
        { principal: { kind: "user" as const, userId: other.owner.id, ip: IP }, organizationId },
        form(),
      ),
      "forbidden",
    );
  });

  it("rejects a name already used by an active token, ignoring case", async () => {
    const { organizationId, owner } = await tenant("PRO");
    await createToken(
      { principal: { kind: "user" as const, userId: owner.id, ip: IP }, organizationId },
      form({ name: "CI" }),
    );
    const error = await expectAppError(
      createToken(
        { principal: { kind: "user" as const, userId: owner.id, ip: IP }, organizationId },
        form({ name: " ci " }),
      ),
      "validation_error",
    );
    expect(error.fieldErrors).toEqual({ name: ['A token named "ci" already exists'] });
  });

  it("compares names literally: _ and % are not wildcards", async () => {
    const { organizationId, owner } = await tenant("PRO");
    const actor = {
      organizationId,
      principal: { kind: "user" as const, userId: owner.id, ip: IP },
    };
    await createToken(actor, form({ name: "deploy_1" }));
    await createToken(actor, form({ name: "deploy%" }));
    // Each would match the other names as a LIKE pattern; as names they are all distinct.
    for (const name of ["deployx1", "deploy-prod", "DEPLOY\\_1"]) {
      await createToken(actor, form({ name }));
    }
    await expectAppError(createToken(actor, form({ name: "DEPLOY_1" })), "validation_error");
    expect(await db.apiToken.count({ where: { organizationId } })).toBe(5);
  });

  it("allows the name again once the first token is revoked or expired", async () => {
    const { organizationId, owner } = await tenant("PRO");
    const actor = {
      organizationId,
      principal: { kind: "user" as const, userId: owner.id, ip: IP },
    };
    const first = await createToken(actor, form({ name: "Deploy" }));
    await revokeToken(actor, { tokenId: first.summary.id });
    const second = await createToken(actor, form({ name: "Deploy" }));
    await expireToken(second.summary.id);
    await createToken(actor, form({ name: "Deploy" }));

    const statuses = (await listTokens(await memberContext(organizationId))).map((t) => [
      t.name,
      t.status,
    ]);
    expect(statuses).toEqual([
      ["Deploy", "active"],
      ["Deploy", "expired"],
      ["Deploy", "revoked"],
    ]);
  });

  it("does not compare names across organizations", async () => {
    const a = await tenant("PRO");
    const b = await tenant("PRO");
    await createToken(
      {
        principal: { kind: "user" as const, userId: a.owner.id, ip: IP },
        organizationId: a.organizationId,
      },
      form({ name: "Shared" }),
    );
    const { summary } = await createToken(
      {
        principal: { kind: "user" as const, userId: b.owner.id, ip: IP },
        organizationId: b.organizationId,
      },
      form({ name: "Shared" }),
    );
    expect(summary.status).toBe("active");
  });

  it("keeps names unique under concurrent creation", async () => {
    const { organizationId, owner } = await tenant("PRO");
    const results = await Promise.allSettled(
      Array.from({ length: 5 }, () =>
        createToken(
          { principal: { kind: "user" as const, userId: owner.id, ip: IP }, organizationId },
          form({ name: "Race" }),
        ),
      ),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const result of results.filter((r) => r.status === "rejected")) {
      expect((result as PromiseRejectedResult).reason).toMatchObject({ code: "validation_error" });
    }
    expect(await db.apiToken.count({ where: { organizationId } })).toBe(1);
  });
});

describe("listTokens and getToken", () => {
  it("lists only the organization's tokens, active before expired before revoked", async () => {
    const { organizationId, owner } = await tenant("PRO");
    const other = await tenant("PRO");
    const actor = {
      organizationId,
      principal: { kind: "user" as const, userId: owner.id, ip: IP },
    };
    const revoked = await createToken(actor, form({ name: "Revoked" }));
    await revokeToken(actor, { tokenId: revoked.summary.id });
    const expired = await createToken(actor, form({ name: "Expired" }));
    await expireToken(expired.summary.id);
    await createToken(actor, form({ name: "Older" }));
    await createToken(actor, form({ name: "Newer" }));
    await createToken(
      {
        principal: { kind: "user" as const, userId: other.owner.id, ip: IP },
        organizationId: other.organizationId,
      },
      form({ name: "Foreign" }),
    );

    const tokens = await listTokens(await memberContext(organizationId));
    expect(tokens.map((t) => [t.name, t.status])).toEqual([
      ["Newer", "active"],
      ["Older", "active"],
      ["Expired", "expired"],
      ["Revoked", "revoked"],
    ]);
    for (const token of tokens) expect(token).not.toHaveProperty("tokenHash");
    expect(tokens[3]?.revokedBy).toEqual({ id: owner.id, email: owner.email, name: owner.name });
  });

  it("is empty for an organization without tokens", async () => {
    const { organizationId } = await tenant("FREE");
    expect(await listTokens(await memberContext(organizationId))).toEqual([]);
  });

  it("gets one token; another organization's id or a malformed id is not found", async () => {
    const { organizationId, owner } = await tenant("PRO");
    const other = await tenant("PRO");
    const { summary } = await createToken(
      { principal: { kind: "user" as const, userId: owner.id, ip: IP }, organizationId },
      form(),
    );

    expect((await getToken(await memberContext(organizationId), summary.id)).id).toBe(summary.id);
    await expectAppError(
      getToken(await memberContext(other.organizationId), summary.id),
      "not_found",
      "Token not found",
    );
    await expectAppError(getToken(await memberContext(organizationId), "not-a-uuid"), "not_found");
    await expectAppError(
      getToken(await memberContext(organizationId), "00000000-0000-0000-0000-000000000000"),
      "not_found",
    );
  });

  it("findTokenOrganization names the holder only among the organizations it is given", async () => {
    const { organizationId, owner } = await tenant("PRO");
    const other = await tenant("PRO");
    const { summary } = await createToken(
      { principal: { kind: "user" as const, userId: owner.id, ip: IP }, organizationId },
      form(),
    );
    expect(await findTokenOrganization(summary.id, [other.organizationId, organizationId])).toBe(
      organizationId,
    );
    expect(await findTokenOrganization(summary.id, [other.organizationId])).toBeNull();
    expect(await findTokenOrganization(summary.id, [])).toBeNull();
    expect(await findTokenOrganization("not-a-uuid", [organizationId])).toBeNull();
  });
});

describe("updateToken", () => {
  it("changes the editable fields and audits before and after", async () => {
    const { organizationId, owner } = await tenant("PRO");
    const admin = await member(organizationId, "ADMIN");
    const { token, summary } = await createToken(
      { principal: { kind: "user" as const, userId: owner.id, ip: IP }, organizationId },
      form({ name: "Old", description: "before", ipAllowlist: ["10.0.0.1"] }),
    );
    const newDate = isoDateInDays(7);

    const updated = await updateToken(
      { principal: { kind: "user" as const, userId: admin.id, ip: "2001:db8::5" }, organizationId },
      {
        tokenId: summary.id,
        name: "New",
        description: "",
        ipAllowlist: ["10.0.0.0/24"],
        expiresOn: newDate,
      },
    );
    expect(updated).toMatchObject({
      id: summary.id,
      name: "New",
      description: null,
      ipAllowlist: ["10.0.0.0/24"],
      expiresAt: new Date(`${newDate}T00:00:00.000Z`),
      lastFour: summary.lastFour,
      status: "active",
    });
    const row = await db.apiToken.findUniqueOrThrow({ where: { id: summary.id } });
    expect(row.tokenHash).toBe(hashApiToken(token));

    const events = await auditEvents(organizationId);
    expect(events.map((e) => e.action)).toEqual(["token.created", "token.updated"]);
    expect(events[1]).toMatchObject({
      actorId: admin.id,
      ip: "2001:db8::5",
      targetId: summary.id,
      metadata: {
        name: "New",
        changes: {
          name: { before: "Old", after: "New" },
          description: { before: "before", after: null },
          ipAllowlist: { before: ["10.0.0.1/32"], after: ["10.0.0.0/24"] },
          expirationDate: { before: null, after: newDate },
        },
      },
    });
    expect(JSON.stringify(events)).not.toContain(token.slice(3));
  });

  it("writes nothing when nothing changed", async () => {
    const { organizationId, owner } = await tenant("PRO");
    const input = form({ name: "Same", ipAllowlist: ["10.0.0.1"] });
    const { summary } = await createToken(
      { principal: { kind: "user" as const, userId: owner.id, ip: IP }, organizationId },
      input,
    );
    await updateToken(
      { principal: { kind: "user" as const, userId: owner.id, ip: IP }, organizationId },
      { tokenId: summary.id, ...input, ipAllowlist: ["10.0.0.1/32"] },
    );
    expect((await auditEvents(organizationId)).map((e) => e.action)).toEqual(["token.created"]);
  });

  it("rejects invalid input without changing the token", async () => {
    const { organizationId, owner } = await tenant("PRO");
    const { summary } = await createToken(
      { principal: { kind: "user" as const, userId: owner.id, ip: IP }, organizationId },
      form({ name: "Keep" }),
    );
    const error = await expectAppError(
      updateToken(
        { principal: { kind: "user" as const, userId: owner.id, ip: IP }, organizationId },
        { tokenId: summary.id, ...form({ name: "Changed", ipAllowlist: ["10.0.0.5/24"] }) },
      ),
      "validation_error",
    );
    expect(error.fieldErrors?.ipAllowlist).toEqual([
      "`10.0.0.5/24` has host bits set; did you mean `10.0.0.0/24`?",
    ]);
    expect((await getToken(await memberContext(organizationId), summary.id)).name).toBe("Keep");
  });

  it("rejects renaming onto another active token's name", async () => {
    const { organizationId, owner } = await tenant("PRO");
    const actor = {
      organizationId,
      principal: { kind: "user" as const, userId: owner.id, ip: IP },
    };
    await createToken(actor, form({ name: "Taken" }));
    const { summary } = await createToken(actor, form({ name: "Free" }));
    await expectAppError(
      updateToken(actor, { tokenId: summary.id, ...form({ name: "TAKEN" }) }),
      "validation_error",
    );
    // Changing only the case of its own name is fine.
    const renamed = await updateToken(actor, { tokenId: summary.id, ...form({ name: "FREE" }) });
    expect(renamed.name).toBe("FREE");
  });

  it("lets an expired token keep its past date while its name changes", async () => {
    const { organizationId, owner } = await tenant("PRO");
    const actor = {
      organizationId,
      principal: { kind: "user" as const, userId: owner.id, ip: IP },
    };
    const old = await createToken(actor, form({ name: "Nightly" }));
    await expireToken(old.summary.id);
    await createToken(actor, form({ name: "Nightly" }));

    const kept = await updateToken(actor, {
      tokenId: old.summary.id,
      ...form({ name: "Nightly", description: "old one", expiresOn: "2020-01-01" }),
    });
    expect(kept).toMatchObject({ description: "old one", status: "expired" });
  });

  it("refuses to edit a revoked token", async () => {
    const { organizationId, owner } = await tenant("PRO");
    const actor = {
      organizationId,
      principal: { kind: "user" as const, userId: owner.id, ip: IP },
    };
    const { summary } = await createToken(actor, form({ name: "Gone" }));
    await revokeToken(actor, { tokenId: summary.id });
    await expectAppError(
      updateToken(actor, { tokenId: summary.id, ...form({ name: "Back" }) }),
      "conflict",
      "Revoked tokens cannot be edited",
    );
    expect((await getToken(await memberContext(organizationId), summary.id)).name).toBe("Gone");
  });

  it("refuses members", async () => {
    const { organizationId, owner } = await tenant("PRO");
    const plainMember = await member(organizationId, "MEMBER");
    const { summary } = await createToken(
      { principal: { kind: "user" as const, userId: owner.id, ip: IP }, organizationId },
      form({ name: "Mine" }),
    );
    await expectAppError(
      updateToken(
        { principal: { kind: "user" as const, userId: plainMember.id, ip: IP }, organizationId },
        { tokenId: summary.id, ...form() },
      ),
      "forbidden",
      "Only owners and admins can manage tokens",
    );
    expect((await getToken(await memberContext(organizationId), summary.id)).name).toBe("Mine");
  });

  it("treats another organization's token as not found and leaves it unchanged", async () => {
    const victim = await tenant("PRO");
    const attacker = await tenant("PRO");
    const { summary } = await createToken(
      {
        principal: { kind: "user" as const, userId: victim.owner.id, ip: IP },
        organizationId: victim.organizationId,
      },
      form({ name: "Victim", ipAllowlist: ["10.0.0.1"] }),
    );
    await expectAppError(
      updateToken(
        {
          principal: { kind: "user" as const, userId: attacker.owner.id, ip: IP },
          organizationId: attacker.organizationId,
        },
        { tokenId: summary.id, ...form({ name: "Pwned" }) },
      ),
      "not_found",
    );
    // Naming the victim's organization does not help: the attacker is not its member.
    await expectAppError(
      updateToken(
        {
          principal: { kind: "user" as const, userId: attacker.owner.id, ip: IP },
          organizationId: victim.organizationId,
        },
        { tokenId: summary.id, ...form({ name: "Pwned" }) },
      ),
      "forbidden",
    );
    expect(await getToken(await memberContext(victim.organizationId), summary.id)).toMatchObject({
      name: "Victim",
      ipAllowlist: ["10.0.0.1/32"],
    });
    expect(await db.auditEvent.count({ where: { organizationId: attacker.organizationId } })).toBe(
      0,
    );
  });

  it("is allowed after a downgrade (only creation needs an API plan)", async () => {
    const { organizationId, owner } = await tenant("PRO");
    const { summary } = await createToken(
      { principal: { kind: "user" as const, userId: owner.id, ip: IP }, organizationId },
      form(),
    );
    await db.organization.update({ where: { id: organizationId }, data: { plan: "FREE" } });
    const updated = await updateToken(
      { principal: { kind: "user" as const, userId: owner.id, ip: IP }, organizationId },
      { tokenId: summary.id, ...form({ name: "Still editable", ipAllowlist: ["10.0.0.1"] }) },
    );
    expect(updated.ipAllowlist).toEqual(["10.0.0.1/32"]);
  });
});

describe("updateToken on an expired token (read-only but for its name and description)", () => {
  const EXPIRED_ON = "This token expired on 2020-01-01 (00:00 UTC)";
  const EXTEND_REFUSED = `${EXPIRED_ON} and can't be extended; create a new token.`;
  const ALLOWLIST_REFUSED = `${EXPIRED_ON}; its IP allowlist can no longer be changed.`;

  async function apiStatus(token: string): Promise<number> {
    const response = await domainsRoute.GET(apiRequest("/api/v1/domains", { token }));
    await flushRequestLogs();
    return response.status;
  }

  it("refuses a new date, no date or a new allowlist field by field; the API keeps refusing it", async () => {
    const { organizationId, owner } = await tenant("PRO");
    const actor = {
      organizationId,
      principal: { kind: "user" as const, userId: owner.id, ip: IP },
    };
    const input = form({ name: "Leaked", ipAllowlist: ["198.51.100.10"] });
    const { token, summary } = await createToken(actor, input);
    expect(await apiStatus(token)).toBe(200);
    await expireToken(summary.id);
    expect(await apiStatus(token)).toBe(401);
    const expired = { ...input, expiresOn: "2020-01-01" };

    for (const [change, field, message] of [
      [{ expiresOn: isoDateInDays(30) }, "expiresOn", EXTEND_REFUSED],
      [{ expiresOn: null }, "expiresOn", EXTEND_REFUSED],
      [{ expiresOn: "2021-13-45" }, "expiresOn", EXTEND_REFUSED],
      [{ ipAllowlist: ["0.0.0.0/0"] }, "ipAllowlist", ALLOWLIST_REFUSED],
      [{ ipAllowlist: [] }, "ipAllowlist", ALLOWLIST_REFUSED],
    ] as const) {
      const error = await expectAppError(
        updateToken(actor, { tokenId: summary.id, ...expired, ...(change as Partial<TokenInput>) }),
        "validation_error",
      );
      expect(error.fieldErrors, JSON.stringify(change)).toEqual({ [field]: [message] });
    }
    expect(await getToken(await memberContext(organizationId), summary.id)).toMatchObject({
      expiresAt: new Date("2020-01-01T00:00:00.000Z"),
      ipAllowlist: ["198.51.100.10/32"],
      status: "expired",
    });
    expect((await auditEvents(organizationId)).map((e) => e.action)).toEqual(["token.created"]);

    // Name and description still change; the form resubmits the allowlist as it shows it.
    const renamed = await updateToken(actor, {
      tokenId: summary.id,
      ...{
        ...expired,
        name: "Leaked (old)",
        description: "replaced",
        ipAllowlist: ["198.51.100.10/32"],
      },
    });
    expect(renamed).toMatchObject({
      name: "Leaked (old)",
      description: "replaced",
      status: "expired",
    });
    expect(await apiStatus(token)).toBe(401);
  });

  it("judges expiry at 00:00 UTC of the date: changeable the moment before, read-only from then on", async () => {
    const { organizationId, owner } = await tenant("PRO");
    const actor = {
      organizationId,
      principal: { kind: "user" as const, userId: owner.id, ip: IP },
    };
    const input = form({ expiresOn: isoDateInDays(30) });
    const { summary } = await createToken(actor, input);
    const expiresAt = new Date(`${isoDateInDays(30)}T00:00:00.000Z`);

    // The dates are chosen now, before the clock moves to the boundary.
    const [in60Days, in90Days] = [isoDateInDays(60), isoDateInDays(90)];
    const extended = await atInstant(new Date(expiresAt.getTime() - 1), () =>
      updateToken(actor, { tokenId: summary.id, ...input, expiresOn: in60Days }),
    );
    expect(extended.expiresAt).toEqual(new Date(`${in60Days}T00:00:00.000Z`));

    const error = await expectAppError(
      atInstant(extended.expiresAt as Date, () =>
        updateToken(actor, { tokenId: summary.id, ...input, expiresOn: in90Days }),
      ),
      "validation_error",
    );
    expect(error.fieldErrors?.expiresOn).toEqual([
      `This token expired on ${in60Days} (00:00 UTC) and can't be extended; create a new token.`,
    ]);
  });

  it("refuses to change a revoked token's allowlist", async () => {
    const { organizationId, owner } = await tenant("PRO");
    const actor = {
      organizationId,
      principal: { kind: "user" as const, userId: owner.id, ip: IP },
    };
    const input = form({ ipAllowlist: ["10.0.0.1"] });
    const { summary } = await createToken(actor, input);
    await revokeToken(actor, { tokenId: summary.id });
    await expectAppError(
      updateToken(actor, { tokenId: summary.id, ...input, ipAllowlist: [] }),
      "conflict",
      "Revoked tokens cannot be edited",
    );
    expect((await getToken(await memberContext(organizationId), summary.id)).ipAllowlist).toEqual([
      "10.0.0.1/32",
    ]);
  });
});

describe("revokeToken", () => {
  it("sets the time and actor, audits it, and is permanent", async () => {
    const { organizationId, owner } = await tenant("PRO");
    const admin = await member(organizationId, "ADMIN");
    const { summary } = await createToken(
      { principal: { kind: "user" as const, userId: owner.id, ip: IP }, organizationId },
      form({ name: "Leaked" }),
    );

    const before = Date.now();
    const revoked = await revokeToken(
      {
        principal: { kind: "user" as const, userId: admin.id, ip: "198.51.100.7" },
        organizationId,
      },
      { tokenId: summary.id },
    );
    expect(revoked.status).toBe("revoked");
    expect(revoked.revokedBy).toEqual({ id: admin.id, email: admin.email, name: admin.name });
    expect(revoked.revokedAt?.getTime()).toBeGreaterThanOrEqual(before - 1000);

    const events = await auditEvents(organizationId);
    expect(events[1]).toMatchObject({
      action: "token.revoked",
      actorId: admin.id,
      ip: "198.51.100.7",
      targetId: summary.id,
      metadata: { name: "Leaked" },
    });

    await expectAppError(
      revokeToken(
        { principal: { kind: "user" as const, userId: owner.id, ip: IP }, organizationId },
        { tokenId: summary.id },
      ),
      "conflict",
      "This token has already been revoked",
    );
    const after = await getToken(await memberContext(organizationId), summary.id);
    expect(after.revokedAt).toEqual(revoked.revokedAt);
    expect(after.revokedBy?.id).toBe(admin.id);
    expect(await db.auditEvent.count({ where: { organizationId } })).toBe(2);
  });

  it("records one revocation when two arrive at once", async () => {
    const { organizationId, owner } = await tenant("PRO");
    const { summary } = await createToken(
      { principal: { kind: "user" as const, userId: owner.id, ip: IP }, organizationId },
      form(),
    );
    const results = await Promise.allSettled([
      revokeToken(
        { principal: { kind: "user" as const, userId: owner.id, ip: IP }, organizationId },
        { tokenId: summary.id },
      ),
      revokeToken(
        { principal: { kind: "user" as const, userId: owner.id, ip: IP }, organizationId },
        { tokenId: summary.id },
      ),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    expect(await db.auditEvent.count({ where: { organizationId, action: "token.revoked" } })).toBe(
      1,
    );
  });

  it("refuses members", async () => {
    const { organizationId, owner } = await tenant("PRO");
    const plainMember = await member(organizationId, "MEMBER");
    const { summary } = await createToken(
      { principal: { kind: "user" as const, userId: owner.id, ip: IP }, organizationId },
      form(),
    );
    await expectAppError(
      revokeToken(
        { principal: { kind: "user" as const, userId: plainMember.id, ip: IP }, organizationId },
        { tokenId: summary.id },
      ),
      "forbidden",
      "Only owners and admins can manage tokens",
    );
    expect((await getToken(await memberContext(organizationId), summary.id)).status).toBe("active");
  });

  it("treats another organization's token as not found and leaves it active", async () => {
    const victim = await tenant("PRO");
    const attacker = await tenant("PRO");
    const { summary } = await createToken(
      {
        principal: { kind: "user" as const, userId: victim.owner.id, ip: IP },
        organizationId: victim.organizationId,
      },
      form(),
    );
    await expectAppError(
      revokeToken(
        {
          principal: { kind: "user" as const, userId: attacker.owner.id, ip: IP },
          organizationId: attacker.organizationId,
        },
        { tokenId: summary.id },
      ),
      "not_found",
    );
    await expectAppError(
      revokeToken(
        {
          principal: { kind: "user" as const, userId: attacker.owner.id, ip: IP },
          organizationId: attacker.organizationId,
        },
        { tokenId: "x" },
      ),
      "not_found",
    );
    expect((await getToken(await memberContext(victim.organizationId), summary.id)).status).toBe(
      "active",
    );
  });

  it("is allowed on a plan without API access, so a leak can always be shut off", async () => {
    const { organizationId, owner } = await tenant("PRO");
    const { summary } = await createToken(
      { principal: { kind: "user" as const, userId: owner.id, ip: IP }, organizationId },
      form(),
    );
    await db.organization.update({ where: { id: organizationId }, data: { plan: "STARTER" } });
    expect(
      (
        await revokeToken(
          { principal: { kind: "user" as const, userId: owner.id, ip: IP }, organizationId },
          { tokenId: summary.id },
        )
      ).status,
    ).toBe("revoked");
  });
});

beforeAll(() => {
  if (!process.env.DATABASE_URL) throw new Error("Integration tests need DATABASE_URL");
});
