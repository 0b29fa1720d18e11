import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { createTestTenant, createTestUser } from "@/test/factories";
import { getUnusedTokenPolicy, setUnusedTokenPolicy } from "./unused-token-policy";

describe("setUnusedTokenPolicy", () => {
  it("is off by default; the owner sets and removes it, each change audited", async () => {
    const { organization, user } = await createTestTenant();
    const principal = { kind: "user", userId: user.id, ip: null } as const;
    const ctx = { principal, organizationId: organization.id };
    await expect(getUnusedTokenPolicy(principal, organization.id)).resolves.toBeNull();

    await expect(setUnusedTokenPolicy(ctx, { revokeUnusedTokensAfterDays: 180 })).resolves.toEqual({
      policy: 180,
      changed: true,
    });
    await expect(getUnusedTokenPolicy(principal, organization.id)).resolves.toBe(180);
    await expect(setUnusedTokenPolicy(ctx, { revokeUnusedTokensAfterDays: 180 })).resolves.toEqual({
      policy: 180,
      changed: false,
    });
    await setUnusedTokenPolicy(ctx, { revokeUnusedTokensAfterDays: null });
    const events = await db.auditEvent.findMany({
      where: { organizationId: organization.id, action: "policy.changed" },
      orderBy: { createdAt: "asc" },
      select: { metadata: true },
    });
    expect(events.map((event) => event.metadata)).toEqual([
      { changes: { revokeUnusedTokensAfterDays: { before: null, after: 180 } } },
      { changes: { revokeUnusedTokensAfterDays: { before: 180, after: null } } },
    ]);
  });

  it("refuses an admin and any other number of days", async () => {
    const { organization, user } = await createTestTenant();
    const { user: admin } = await createTestUser({
      organizationId: organization.id,
      role: "ADMIN",
    });
    const asAdmin = {
      principal: { kind: "user", userId: admin.id, ip: null } as const,
      organizationId: organization.id,
    };
    await expect(
      setUnusedTokenPolicy(asAdmin, { revokeUnusedTokensAfterDays: 90 }),
    ).rejects.toMatchObject({ code: "forbidden" });
    const asOwner = { ...asAdmin, principal: { ...asAdmin.principal, userId: user.id } };
    await expect(
      setUnusedTokenPolicy(asOwner, { revokeUnusedTokensAfterDays: 60 }),
    ).rejects.toMatchObject({ code: "validation_error" });
    await expect(getUnusedTokenPolicy(asOwner.principal, organization.id)).resolves.toBeNull();
  });
});
