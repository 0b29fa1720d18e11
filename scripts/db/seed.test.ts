import { describe, expect, it } from "vitest";
import { verifyPassword } from "@/lib/auth/password";
import { db } from "@/lib/db";
import { PLANS } from "@/lib/plans";
import { DEMO_PASSWORD, demoEmail, seedDemoData } from "./seed";

async function demoSnapshot() {
  const users = await db.user.findMany({
    where: { email: { in: PLANS.map(demoEmail) } },
    select: {
      email: true,
      memberships: {
        select: {
          role: true,
          organization: { select: { id: true, plan: true, domains: { select: { name: true } } } },
        },
      },
    },
    orderBy: { email: "asc" },
  });
  return users.map((user) => ({
    email: user.email,
    memberships: user.memberships.map((membership) => ({
      role: membership.role,
      organizationId: membership.organization.id,
      plan: membership.organization.plan,
      domains: membership.organization.domains.map((domain) => domain.name).sort(),
    })),
  }));
}

describe("demo seed", () => {
  it("creates one owner per plan and changes nothing when run again", async () => {
    const first = await seedDemoData();
    const before = await demoSnapshot();
    const second = await seedDemoData();
    const after = await demoSnapshot();

    expect(second.organizationIds).toEqual(first.organizationIds);
    expect(after).toEqual(before);
    expect(second.acmeLabsId).toBe(first.acmeLabsId);
    expect(after).toHaveLength(PLANS.length);
    for (const user of after) {
      // Each owns their own organization; the Business owner is also an admin of Acme Labs.
      expect(user.memberships.filter(({ role }) => role === "OWNER")).toHaveLength(1);
      expect(user.memberships).toHaveLength(user.email === "business@mailshield.test" ? 2 : 1);
      for (const membership of user.memberships) {
        expect(membership.domains.length).toBeGreaterThan(0);
      }
    }
    expect(after.find((user) => user.email === "pro@mailshield.test")?.memberships[0]?.plan).toBe(
      "PRO",
    );
    expect(after.find((user) => user.email === "free@mailshield.test")?.memberships[0]?.plan).toBe(
      "FREE",
    );
  });

  it("gives the Business owner a second organization, Acme Labs, joined after their own", async () => {
    const { organizationIds, acmeLabsId } = await seedDemoData();
    const business = await db.user.findUniqueOrThrow({
      where: { email: "business@mailshield.test" },
      select: {
        memberships: {
          orderBy: { createdAt: "asc" },
          select: { role: true, organizationId: true },
        },
      },
    });
    expect(business.memberships).toEqual([
      { role: "OWNER", organizationId: organizationIds.BUSINESS },
      { role: "ADMIN", organizationId: acmeLabsId },
    ]);
    const acme = await db.organization.findUniqueOrThrow({
      where: { id: acmeLabsId },
      select: { name: true, plan: true, _count: { select: { apiTokens: true } } },
    });
    expect(acme).toEqual({ name: "Acme Labs", plan: "ENTERPRISE", _count: { apiTokens: 2 } });
  });

  it("lets the demo owners sign in with the documented password", async () => {
    await seedDemoData();
    const user = await db.user.findUniqueOrThrow({ where: { email: "pro@mailshield.test" } });
    expect(await verifyPassword(user.passwordHash, DEMO_PASSWORD)).toBe(true);
  });

  it("makes the demo accounts verified: they have no mailbox to prove", async () => {
    await seedDemoData();
    const unverified = await db.user.findMany({
      where: {
        email: { in: [...PLANS.map(demoEmail), "acme@mailshield.test"] },
        emailVerifiedAt: null,
      },
      select: { email: true },
    });
    expect(unverified).toEqual([]);
  });
});
