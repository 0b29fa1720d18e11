import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { listMembers } from "@/lib/services/members/list-members";
import { createTestTenant } from "@/test/factories";
import { tokenContext } from "@/test/principals";
import { createToken, getToken, revokeToken, rotateToken } from "./index";

// A token made through the API names the token that made it, and is counted under the
// person accountable for that token, however many tokens lie between.

afterAll(async () => {
  await db.$disconnect();
});

const ADMIN_SCOPES = ["domains:read", "tokens:read", "tokens:write"] as const;

describe("tokens made through the API", () => {
  it("name the token that made them and count under the person behind it", async () => {
    const { organization, user } = await createTestTenant({ plan: "PRO" });
    const organizationId = organization.id;
    const owner = {
      principal: { kind: "user" as const, userId: user.id, ip: null },
      organizationId,
    };
    const terraform = await createToken(owner, {
      name: "Terraform admin",
      scopes: [...ADMIN_SCOPES],
    });
    expect(terraform.summary).toMatchObject({ createdBy: { id: user.id }, createdByToken: null });

    const asTerraform = await tokenContext(terraform.summary.id);
    const child = await createToken(asTerraform, { name: "CI", scopes: [...ADMIN_SCOPES] });
    expect(child.summary.createdByToken).toMatchObject({
      id: terraform.summary.id,
      name: "Terraform admin",
      lastFour: terraform.summary.lastFour,
    });
    expect(child.summary.createdBy).toMatchObject({ id: user.id });

    // Two tokens down, still the owner's; a rotation through the API names the rotating token.
    const grandchild = await createToken(await tokenContext(child.summary.id), {
      name: "Deploy",
      scopes: ["domains:read"],
    });
    expect(grandchild.summary).toMatchObject({
      createdBy: { id: user.id },
      createdByToken: { id: child.summary.id },
    });
    const rotated = await rotateToken(asTerraform, {
      tokenId: grandchild.summary.id,
      gracePeriodSeconds: 0,
      expireOnFirstUse: false,
    });
    const successor = await getToken(owner, rotated.summary.id);
    expect(successor).toMatchObject({
      createdBy: { id: user.id },
      createdByToken: { id: terraform.summary.id, name: "Terraform admin" },
    });

    // Working: Terraform admin, CI and the successor (the rotated Deploy stopped at once).
    const [member] = await listMembers(owner.principal, organizationId);
    expect(member).toMatchObject({ userId: user.id, workingTokenCount: 3 });
  });

  it("name the token that revoked them", async () => {
    const { organization, user } = await createTestTenant({ plan: "PRO" });
    const owner = {
      principal: { kind: "user" as const, userId: user.id, ip: null },
      organizationId: organization.id,
    };
    const admin = await createToken(owner, { name: "Terraform admin", scopes: [...ADMIN_SCOPES] });
    const deploy = await createToken(owner, { name: "Deploy", scopes: ["domains:read"] });
    const bySomeone = await createToken(owner, { name: "Nightly", scopes: ["domains:read"] });

    const revoked = await revokeToken(await tokenContext(admin.summary.id), {
      tokenId: deploy.summary.id,
    });
    expect(revoked).toMatchObject({
      revokedBy: null,
      revokedByToken: { id: admin.summary.id, name: "Terraform admin" },
    });
    // A person in the dashboard is named as before, and no token.
    const byPerson = await revokeToken(owner, { tokenId: bySomeone.summary.id });
    expect(byPerson).toMatchObject({ revokedBy: { id: user.id }, revokedByToken: null });
  });
});
