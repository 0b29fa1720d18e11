import { afterAll, describe, expect, it } from "vitest";
import type { TokenPrincipal } from "@/lib/auth/principal";
import { db } from "@/lib/db";
import { createDomain, deleteDomain } from "@/lib/services/domains/domains";
import { changePlan } from "@/lib/services/organizations/change-plan";
import { createToken, revokeToken, rotateToken, updateToken } from "@/lib/services/tokens";
import { authenticateWithPassword } from "@/lib/services/users/authenticate";
import { createTestTenant, TEST_PASSWORD, uniqueSuffix } from "@/test/factories";

// Audit completeness: every audited action that exists today produces exactly one event,
// naming the right actor (a person or a token) and the client IP. The Audit Log page and
// GET /api/v1/audit-events read these rows.

afterAll(async () => {
  await db.$disconnect();
});

const IP = "203.0.113.9";

function eventsOf(organizationId: string) {
  return db.auditEvent.findMany({
    where: { organizationId },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: { action: true, actorId: true, actorTokenId: true, targetId: true, ip: true },
  });
}

describe("audit completeness", () => {
  it("token created, updated, rotated and revoked by a person: one event each, the person as actor", async () => {
    const { organization, user } = await createTestTenant();
    const actor = { kind: "user" as const, userId: user.id, ip: IP };
    const organizationId = organization.id;
    const { summary } = await createToken({ principal: actor, organizationId }, { name: "CI" });
    await updateToken({ principal: actor, organizationId }, { tokenId: summary.id, name: "CI 2" });
    const rotated = await rotateToken(
      { principal: actor, organizationId },
      { tokenId: summary.id, gracePeriodSeconds: 3600, expireOnFirstUse: false },
    );
    await revokeToken({ principal: actor, organizationId }, { tokenId: rotated.summary.id });
    const person = { actorId: user.id, actorTokenId: null, ip: IP };
    expect(await eventsOf(organizationId)).toEqual([
      { action: "token.created", ...person, targetId: summary.id },
      { action: "token.updated", ...person, targetId: summary.id },
      { action: "token.rotated", ...person, targetId: summary.id },
      { action: "token.revoked", ...person, targetId: rotated.summary.id },
    ]);
  });

  it("token and domain changes by a token through the API: one event each, the token as actor", async () => {
    const { organization, user } = await createTestTenant();
    const organizationId = organization.id;
    const member = { kind: "user" as const, userId: user.id, ip: IP };
    const caller = await createToken(
      { principal: member, organizationId },
      { name: "Automation", scopes: ["tokens:write", "domains:write"] },
    );
    const actor: TokenPrincipal = {
      kind: "token",
      tokenId: caller.summary.id,
      tokenName: "Automation",
      ip: IP,
    };
    const { summary } = await createToken(
      { principal: actor, organizationId },
      { name: "Child", scopes: ["domains:read"] },
    );
    await updateToken(
      { principal: actor, organizationId },
      { tokenId: summary.id, name: "Child 2", scopes: ["domains:read"] },
    );
    const rotated = await rotateToken(
      { principal: actor, organizationId },
      { tokenId: summary.id, gracePeriodSeconds: 0, expireOnFirstUse: false },
    );
    await revokeToken({ principal: actor, organizationId }, { tokenId: rotated.summary.id });
    const domain = await createDomain(
      { principal: actor, organizationId },
      { name: `audit-${uniqueSuffix()}.example` },
    );
    await deleteDomain({ principal: actor, organizationId }, { id: domain.id });

    const byToken = { actorId: null, actorTokenId: caller.summary.id, ip: IP };
    expect((await eventsOf(organizationId)).slice(1)).toEqual([
      { action: "token.created", ...byToken, targetId: summary.id },
      { action: "token.updated", ...byToken, targetId: summary.id },
      { action: "token.rotated", ...byToken, targetId: summary.id },
      { action: "token.revoked", ...byToken, targetId: rotated.summary.id },
      { action: "domain.created", ...byToken, targetId: domain.id },
      { action: "domain.deleted", ...byToken, targetId: domain.id },
    ]);
  });

  it("plan changed: one event, the owner as actor", async () => {
    const { organization, user } = await createTestTenant({ plan: "PRO" });
    await changePlan(
      { principal: { kind: "user", userId: user.id, ip: IP }, organizationId: organization.id },
      { plan: "BUSINESS" },
    );
    expect(await eventsOf(organization.id)).toEqual([
      {
        action: "plan.changed",
        actorId: user.id,
        ip: IP,
        actorTokenId: null,
        targetId: organization.id,
      },
    ]);
  });

  it("sign-in succeeded and failed: one event per attempt, the account as actor", async () => {
    const { organization, user } = await createTestTenant();
    await authenticateWithPassword({ email: user.email, password: TEST_PASSWORD }, IP);
    await authenticateWithPassword({ email: user.email, password: `${TEST_PASSWORD}!` }, IP);
    // An unknown email belongs to no organization: nothing to record, nothing recorded.
    await authenticateWithPassword(
      { email: `nobody-${uniqueSuffix()}@example.test`, password: "x" },
      IP,
    );
    const account = { actorId: user.id, actorTokenId: null, targetId: user.id, ip: IP };
    expect(await eventsOf(organization.id)).toEqual([
      { action: "user.signed_in", ...account },
      { action: "user.sign_in_failed", ...account },
    ]);
  });
});
