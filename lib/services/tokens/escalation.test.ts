import { afterAll, describe, expect, it } from "vitest";
import type { TokenPrincipal } from "@/lib/auth/principal";
import { earliestAllowedExpirationDate } from "@/lib/auth/token-expiry";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { Scope } from "@/lib/permissions";
import type { TokenInput } from "@/lib/validations/token";
import { expectAppError } from "@/test/expect-app-error";
import { createTestTenant } from "@/test/factories";
import { escalationViolation, type TokenGrant } from "./escalation";
import { authorizeTokenActor } from "./guards";
import {
  ACTOR_TOKEN_INACTIVE_MESSAGE,
  API_PLAN_REQUIRED_MESSAGE,
  createToken,
  ROTATE_ROTATED_MESSAGE,
  ROTATED_ACTOR_MESSAGE,
  ROTATED_READ_ONLY_MESSAGE,
  revokeToken,
  rotateToken,
  updateToken,
} from "./index";

// The escalation rules as pure functions, then through the services with a token as the
// actor, against the real database (the caller's grant is re-read in the transaction).

const IP = "198.51.100.20";

function dateInDays(days: number): string {
  const date = new Date(`${earliestAllowedExpirationDate()}T00:00:00.000Z`);
  date.setUTCDate(date.getUTCDate() + days - 1);
  return date.toISOString().slice(0, 10);
}

const at = (date: string) => new Date(`${date}T00:00:00.000Z`);

describe("escalationViolation", () => {
  const ceiling: TokenGrant = {
    scopes: ["domains:write", "tokens:write"],
    ipAllowlist: ["10.0.0.0/8", "2001:db8::/32"],
    expiresAt: at("2027-06-01"),
    domainIds: null,
  };
  const within: TokenGrant = {
    scopes: ["domains:read", "tokens:write"],
    ipAllowlist: ["10.1.2.0/24", "2001:db8:5::/48"],
    expiresAt: at("2027-06-01"),
    domainIds: null,
  };

  it("allows the same grant or a narrower one (write implies read)", () => {
    expect(escalationViolation(ceiling, ceiling)).toBeNull();
    expect(escalationViolation(ceiling, within)).toBeNull();
  });

  it("names a scope the caller lacks", () => {
    expect(escalationViolation(ceiling, { ...within, scopes: ["logs:read"] })).toBe(
      'A token cannot grant a scope it does not have: this token lacks "logs:read".',
    );
  });

  it("refuses a wider allowlist and a removed one", () => {
    expect(escalationViolation(ceiling, { ...within, ipAllowlist: ["11.0.0.0/8"] })).toBe(
      "A token cannot widen its IP allowlist: 11.0.0.0/8 is not inside this token's allowlist.",
    );
    expect(escalationViolation(ceiling, { ...within, ipAllowlist: [] })).toMatch(
      /^A token with an IP allowlist cannot grant access from any IP/,
    );
    expect(
      escalationViolation({ ...ceiling, ipAllowlist: [] }, { ...within, ipAllowlist: [] }),
    ).toBeNull();
  });

  it("refuses a later expiry and a removed one", () => {
    expect(escalationViolation(ceiling, { ...within, expiresAt: at("2027-06-02") })).toBe(
      "A token cannot grant a later expiry than its own: choose a date no later than 2027-06-01 (00:00 UTC).",
    );
    expect(escalationViolation(ceiling, { ...within, expiresAt: null })).toMatch(
      /^A token that expires cannot grant a token that never expires/,
    );
    expect(
      escalationViolation({ ...ceiling, expiresAt: null }, { ...within, expiresAt: null }),
    ).toBeNull();
  });
});

async function tenantWithCaller(caller: {
  scopes: Scope[];
  allowlist?: string[];
  expiresOn?: string;
}) {
  const { organization, user } = await createTestTenant({ plan: "PRO" });
  const member = { kind: "user" as const, userId: user.id, ip: IP };
  const created = await createToken(
    { principal: member, organizationId: organization.id },
    {
      name: "Caller",
      scopes: caller.scopes,
      ipAllowlist: caller.allowlist ?? [],
      expiresOn: caller.expiresOn ?? null,
    },
  );
  const actor: TokenPrincipal = {
    kind: "token",
    tokenId: created.summary.id,
    tokenName: "Caller",
    ip: IP,
  };
  return { organizationId: organization.id, member, actor };
}

async function forbiddenMessage(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => new Error("expected a refusal"),
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe("forbidden");
  return (error as AppError).message;
}

const form = (input: Partial<TokenInput>): TokenInput => ({ name: "Child", ...input });

describe("a token managing tokens", () => {
  it("creates a token within its grant, audited as the token, and stores the scopes", async () => {
    const { organizationId, actor, member } = await tenantWithCaller({
      scopes: ["domains:write", "tokens:write"],
      allowlist: ["10.0.0.0/8"],
      expiresOn: dateInDays(30),
    });
    const { summary } = await createToken(
      { principal: actor, organizationId },
      form({
        scopes: ["domains:read"],
        ipAllowlist: ["10.1.0.0/16"],
        expiresOn: dateInDays(10),
      }),
    );
    expect(summary.scopes).toEqual(["domains:read"]);
    // Made by the token, accountable: the member who made the token (token-maker.ts).
    expect(summary.createdByToken).toMatchObject({ id: actor.tokenId, name: "Caller" });
    expect(summary.createdBy).toMatchObject({ id: member.userId });
    const event = await db.auditEvent.findFirstOrThrow({
      where: { organizationId, targetId: summary.id },
    });
    expect(event).toMatchObject({
      action: "token.created",
      actorId: null,
      actorTokenId: actor.tokenId,
      ip: IP,
      metadata: {
        tokenName: "Caller",
        scopes: ["domains:read"],
      },
    });
  });

  it("refuses each escalation with a message naming the rule, and writes nothing", async () => {
    const { organizationId, actor } = await tenantWithCaller({
      scopes: ["domains:read", "tokens:write"],
      allowlist: ["10.0.0.0/8"],
      expiresOn: dateInDays(30),
    });
    const base = { ipAllowlist: ["10.0.0.0/16"], expiresOn: dateInDays(5) };
    const attempts: [Partial<TokenInput>, RegExp][] = [
      [{ ...base, scopes: ["domains:write"] }, /lacks "domains:write"/],
      [
        { ...base, scopes: ["domains:read"], ipAllowlist: ["192.0.2.0/24"] },
        /widen its IP allowlist/,
      ],
      [{ ...base, scopes: ["domains:read"], ipAllowlist: [] }, /cannot grant access from any IP/],
      [{ ...base, scopes: ["domains:read"], expiresOn: dateInDays(31) }, /later expiry/],
      [{ ...base, scopes: ["domains:read"], expiresOn: null }, /never expires/],
    ];
    for (const [input, message] of attempts) {
      expect(
        await forbiddenMessage(createToken({ principal: actor, organizationId }, form(input))),
      ).toMatch(message);
    }
    expect(await db.apiToken.count({ where: { organizationId } })).toBe(1);
  });

  it("may not edit a token into one beyond its grant, nor edit a broader token at all", async () => {
    const { organizationId, member, actor } = await tenantWithCaller({
      scopes: ["tokens:write", "domains:read"],
    });
    const narrow = await createToken(
      { principal: actor, organizationId },
      form({ scopes: ["domains:read"] }),
    );
    expect(
      await forbiddenMessage(
        updateToken(
          { principal: actor, organizationId },
          { tokenId: narrow.summary.id, ...form({ scopes: ["logs:read"] }) },
        ),
      ),
    ).toMatch(/lacks "logs:read"/);
    const broad = await createToken(
      { principal: member, organizationId },
      form({ name: "Broad", scopes: ["logs:read"] }),
    );
    expect(
      await forbiddenMessage(
        updateToken(
          { principal: actor, organizationId },
          { tokenId: broad.summary.id, ...form({ name: "Renamed", scopes: ["logs:read"] }) },
        ),
      ),
    ).toMatch(/lacks "logs:read"/);
    const renamed = await updateToken(
      { principal: actor, organizationId },
      { tokenId: narrow.summary.id, ...form({ name: "Renamed", scopes: ["domains:read"] }) },
    );
    expect(renamed.name).toBe("Renamed");
  });

  it("acts only within its organization", async () => {
    const { actor } = await tenantWithCaller({ scopes: ["tokens:write"] });
    const other = await tenantWithCaller({ scopes: ["tokens:write"] });
    expect(
      await forbiddenMessage(
        createToken(
          { principal: actor, organizationId: other.organizationId },
          form({ scopes: ["tokens:read"] }),
        ),
      ),
    ).toBe(ACTOR_TOKEN_INACTIVE_MESSAGE);
    await expect(
      revokeToken(
        { principal: actor, organizationId: other.organizationId },
        { tokenId: other.actor.tokenId },
      ),
    ).rejects.toMatchObject({ code: "forbidden" });
    const victim = await db.apiToken.findUniqueOrThrow({ where: { id: other.actor.tokenId } });
    expect(victim.revokedAt).toBeNull();
  });

  it("revokes itself, after which it can do nothing more", async () => {
    const { organizationId, actor } = await tenantWithCaller({ scopes: ["tokens:write"] });
    const revoked = await revokeToken(
      { principal: actor, organizationId },
      { tokenId: actor.tokenId },
    );
    expect(revoked.status).toBe("revoked");
    expect(revoked.revokedBy).toBeNull();
    expect(
      await forbiddenMessage(
        createToken({ principal: actor, organizationId }, form({ scopes: ["tokens:read"] })),
      ),
    ).toBe(ACTOR_TOKEN_INACTIVE_MESSAGE);
  });
});

describe("a rotated token in its grace period", () => {
  /** A token with tokens:write that a member rotated, keeping it working for an hour. */
  async function rotatedCaller() {
    const tenant = await tenantWithCaller({ scopes: ["tokens:write", "domains:write"] });
    const rotated = await rotateToken(
      { principal: tenant.member, organizationId: tenant.organizationId },
      { tokenId: tenant.actor.tokenId, gracePeriodSeconds: 3600, expireOnFirstUse: false },
    );
    return { ...tenant, successorId: rotated.summary.id };
  }

  it("may create, edit, rotate or revoke no other token, its successor included, and writes nothing", async () => {
    const { organizationId, member, actor, successorId } = await rotatedCaller();
    const other = await createToken(
      { principal: member, organizationId },
      form({ name: "Other", scopes: ["domains:read"] }),
    );
    const before = await db.apiToken.findMany({
      where: { organizationId },
      orderBy: { id: "asc" },
    });
    const attempts: (() => Promise<unknown>)[] = [
      () => createToken({ principal: actor, organizationId }, form({ scopes: ["domains:read"] })),
      () =>
        updateToken(
          { principal: actor, organizationId },
          { tokenId: other.summary.id, name: "Mine" },
        ),
      () =>
        rotateToken(
          { principal: actor, organizationId },
          { tokenId: successorId, gracePeriodSeconds: 0, expireOnFirstUse: false },
        ),
      () => revokeToken({ principal: actor, organizationId }, { tokenId: successorId }),
    ];
    for (const attempt of attempts) {
      expect(await forbiddenMessage(attempt())).toBe(ROTATED_ACTOR_MESSAGE);
    }
    expect(
      await db.apiToken.findMany({ where: { organizationId }, orderBy: { id: "asc" } }),
    ).toEqual(before);
  });

  it("may neither edit nor rotate itself again, and may revoke itself", async () => {
    const { organizationId, actor } = await rotatedCaller();
    const ctx = { organizationId, principal: actor };
    const self = { tokenId: actor.tokenId };
    await expectAppError(
      updateToken(ctx, { ...self, name: "Renamed" }),
      "conflict",
      ROTATED_READ_ONLY_MESSAGE,
    );
    await expectAppError(
      rotateToken(ctx, { ...self, gracePeriodSeconds: 0, expireOnFirstUse: false }),
      "conflict",
      ROTATE_ROTATED_MESSAGE,
    );
    const revoked = await revokeToken(ctx, self);
    expect(revoked.status).toBe("revoked");
  });

  it("can do nothing once its grace period is over, not even revoke itself", async () => {
    const { organizationId, member, actor } = await tenantWithCaller({ scopes: ["tokens:write"] });
    // "Immediately": the grace ends at the rotation's own instant.
    await rotateToken(
      { principal: member, organizationId },
      { tokenId: actor.tokenId, gracePeriodSeconds: 0, expireOnFirstUse: false },
    );
    expect(
      await forbiddenMessage(
        revokeToken({ principal: actor, organizationId }, { tokenId: actor.tokenId }),
      ),
    ).toBe(ACTOR_TOKEN_INACTIVE_MESSAGE);
    const row = await db.apiToken.findUniqueOrThrow({ where: { id: actor.tokenId } });
    expect(row.revokedAt).toBeNull();
  });

  it("has a grant that ends when its grace does, before its own expiry", async () => {
    const { organizationId, member, actor } = await tenantWithCaller({
      scopes: ["tokens:write"],
      expiresOn: dateInDays(30),
    });
    const { predecessor } = await rotateToken(
      { principal: member, organizationId },
      { tokenId: actor.tokenId, gracePeriodSeconds: 3600, expireOnFirstUse: false },
    );
    const grant = await db.$transaction((tx) =>
      authorizeTokenActor(
        tx,
        { principal: actor, organizationId },
        { action: "revoke", tokenId: actor.tokenId },
        new Date(),
      ),
    );
    expect(grant?.expiresAt).toEqual(predecessor.rotationEndsAt);
  });
});

describe("a token whose organization lost API access", () => {
  it("may no longer create tokens, nor revoke itself, once the plan is downgraded", async () => {
    const { organizationId, actor } = await tenantWithCaller({ scopes: ["tokens:write"] });
    // The request was authenticated on Pro; the downgrade lands before its transaction.
    await db.organization.update({ where: { id: organizationId }, data: { plan: "FREE" } });
    expect(
      await forbiddenMessage(
        createToken({ principal: actor, organizationId }, form({ scopes: ["tokens:read"] })),
      ),
    ).toBe(API_PLAN_REQUIRED_MESSAGE);
    expect(
      await forbiddenMessage(
        revokeToken({ principal: actor, organizationId }, { tokenId: actor.tokenId }),
      ),
    ).toBe(API_PLAN_REQUIRED_MESSAGE);
    expect(await db.apiToken.count({ where: { organizationId } })).toBe(1);
  });
});

afterAll(async () => {
  await db.$disconnect();
});

describe("a member editing scopes", () => {
  it("changes them, audits before and after, and keeps them when an edit leaves them out", async () => {
    const { organizationId, member, actor } = await tenantWithCaller({ scopes: ["logs:read"] });
    await updateToken(
      { principal: member, organizationId },
      { tokenId: actor.tokenId, ...form({ name: "Caller", scopes: ["logs:read", "tokens:read"] }) },
    );
    const kept = await updateToken(
      { principal: member, organizationId },
      { tokenId: actor.tokenId, ...form({ name: "Caller renamed" }) },
    );
    expect(kept.scopes).toEqual(["logs:read", "tokens:read"]);
    const event = await db.auditEvent.findFirstOrThrow({
      where: { organizationId, action: "token.updated" },
      orderBy: { createdAt: "asc" },
    });
    expect(event.metadata).toMatchObject({
      changes: { scopes: { before: ["logs:read"], after: ["logs:read", "tokens:read"] } },
    });
  });
});

describe("an edit that sends some fields", () => {
  it("changes only those, so an edit of another field in between is kept", async () => {
    const { organizationId, member, actor } = await tenantWithCaller({
      scopes: ["tokens:write"],
      allowlist: ["10.0.0.0/8"],
    });
    // Someone renames the token between the caller's read and its write of the description.
    await updateToken(
      { principal: member, organizationId },
      { tokenId: actor.tokenId, name: "Renamed" },
    );
    const updated = await updateToken(
      { principal: member, organizationId },
      { tokenId: actor.tokenId, description: "Deploys" },
    );
    expect(updated).toMatchObject({
      name: "Renamed",
      description: "Deploys",
      ipAllowlist: ["10.0.0.0/8"],
      scopes: ["tokens:write"],
    });
  });
});
