import { afterAll, describe, expect, it } from "vitest";
import { clock } from "@/lib/clock";
import { db } from "@/lib/db";
import { changeMemberRole } from "@/lib/services/members";
import { changePlan } from "@/lib/services/organizations/change-plan";
import { setTokenLifetimePolicy } from "@/lib/services/organizations/token-lifetime-policy";
import { setTwoFactorPolicy } from "@/lib/services/organizations/two-factor-policy";
import { createToken, updateToken } from "@/lib/services/tokens";
import { createTestTenant, createTestUser } from "@/test/factories";

// Every change the Audit Log shows as "old → new" keeps both values in its event: the
// page (components/audit/audit-details.ts) can only say what the service recorded.

afterAll(async () => {
  await db.$disconnect();
});

const IP = "203.0.113.21";

async function lastEvent(organizationId: string, action: string) {
  const event = await db.auditEvent.findFirstOrThrow({
    where: { organizationId, action },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: { metadata: true },
  });
  return event.metadata as Record<string, unknown>;
}

/** The calendar date (UTC) this many days after the application's clock. */
function isoDateInDays(days: number): string {
  return new Date(clock.now().getTime() + days * 86_400_000).toISOString().slice(0, 10);
}

describe("recorded values", () => {
  it("a token edit keeps every field's old and new value", async () => {
    const { organization, user } = await createTestTenant();
    const ctx = {
      principal: { kind: "user" as const, userId: user.id, ip: IP },
      organizationId: organization.id,
    };
    // Dates after the clock, not fixed ones: a fixed date passes (the time-bomb run moves
    // the clock ten years on) and the token could no longer be given it.
    const before = isoDateInDays(30);
    const after = isoDateInDays(60);
    const { summary } = await createToken(ctx, {
      name: "Deploy",
      description: "old",
      ipAllowlist: ["203.0.113.0/24"],
      scopes: ["domains:read", "domains:write"],
      expiresOn: before,
    });
    await updateToken(ctx, {
      tokenId: summary.id,
      name: "Deploy 2",
      description: "new",
      ipAllowlist: ["203.0.113.0/24", "10.0.0.0/8"],
      scopes: ["domains:read"],
      expiresOn: after,
    });
    expect(await lastEvent(organization.id, "token.updated")).toEqual({
      name: "Deploy 2",
      changes: {
        name: { before: "Deploy", after: "Deploy 2" },
        description: { before: "old", after: "new" },
        ipAllowlist: { before: ["203.0.113.0/24"], after: ["203.0.113.0/24", "10.0.0.0/8"] },
        expirationDate: { before, after },
        scopes: { before: ["domains:read", "domains:write"], after: ["domains:read"] },
      },
    });
  });

  it("roles, the plan and both policies keep their old and new value", async () => {
    const { organization, user } = await createTestTenant({ plan: "PRO" });
    const organizationId = organization.id;
    const ctx = { principal: { kind: "user" as const, userId: user.id, ip: IP }, organizationId };
    const other = await createTestUser({ organizationId, role: "MEMBER" });

    await changeMemberRole(ctx, { userId: other.user.id, role: "ADMIN" });
    expect(await lastEvent(organizationId, "member.role_changed")).toMatchObject({
      email: other.user.email,
      changes: { role: { before: "MEMBER", after: "ADMIN" } },
    });
    await changePlan(ctx, { plan: "BUSINESS" });
    expect(await lastEvent(organizationId, "plan.changed")).toEqual({
      changes: { plan: { before: "PRO", after: "BUSINESS" } },
    });
    await setTokenLifetimePolicy(ctx, { maxTokenLifetimeDays: 90 });
    expect(await lastEvent(organizationId, "policy.changed")).toEqual({
      changes: { maxTokenLifetimeDays: { before: null, after: 90 } },
    });
    await setTwoFactorPolicy(ctx, { requireTwoFactor: true });
    expect(await lastEvent(organizationId, "policy.changed")).toEqual({
      changes: { requireTwoFactor: { before: false, after: true } },
    });
  });
});
