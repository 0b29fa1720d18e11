import { afterAll, beforeEach, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import type { Role } from "@/lib/generated/prisma/enums";
import { forbiddenMessage } from "@/lib/permissions";
import { LAST_OWNER_MESSAGE } from "@/lib/services/members";
import { actionSession as session } from "@/test/action-session";
import { createApiToken } from "@/test/api/helpers";
import { createTestOrganization, createTestUser } from "@/test/factories";
import { sessionContextFor } from "@/test/session-context";

// The members actions against the real database; the session, client IP and Next's cache
// revalidation are replaced, as in tokens.test.ts.

vi.mock("@/lib/session/session", () => import("@/test/action-session"));
vi.mock("@/lib/auth/request-ip", () => ({ getRequestIp: async () => "192.0.2.46" }));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));

const { changeMemberRoleAction, removeMemberAction } = await import("./members");

/** An organization with its first owner, and a member `role` signed in to it. */
async function signIn(role: Role) {
  const organization = await createTestOrganization({ plan: "PRO" });
  const { user: owner } = await createTestUser({ organizationId: organization.id, role: "OWNER" });
  const { user } =
    role === "OWNER"
      ? { user: owner }
      : await createTestUser({ organizationId: organization.id, role });
  session.current = sessionContextFor(user, organization, role);
  const { user: member } = await createTestUser({
    organizationId: organization.id,
    role: "MEMBER",
  });
  return { organizationId: organization.id, user, owner, member };
}

const roleOf = async (organizationId: string, userId: string) =>
  (
    await db.membership.findUnique({
      where: { organizationId_userId: { organizationId, userId } },
    })
  )?.role ?? null;

beforeEach(() => {
  session.current = null;
});

afterAll(async () => {
  await db.$disconnect();
});

describe("role matrix: only owners manage members", () => {
  it("lets an owner change a role and remove a member", async () => {
    const { organizationId, member } = await signIn("OWNER");

    expect(await changeMemberRoleAction({ userId: member.id, role: "ADMIN" })).toEqual({
      ok: true,
      data: { role: "ADMIN", changed: true },
      message: `${member.email} is now an Admin.`,
    });
    expect(await roleOf(organizationId, member.id)).toBe("ADMIN");

    expect(await removeMemberAction({ userId: member.id, revokeTokens: "false" })).toMatchObject({
      ok: true,
      data: { revokedTokenCount: 0, removedSelf: false },
    });
    expect(await roleOf(organizationId, member.id)).toBeNull();
  });

  it.each(["ADMIN", "MEMBER"] as const)("refuses an %s both actions", async (role) => {
    const { organizationId, member } = await signIn(role);
    const refusal = { ok: false, message: forbiddenMessage("members:manage") };

    expect(await changeMemberRoleAction({ userId: member.id, role: "OWNER" })).toMatchObject(
      refusal,
    );
    expect(await removeMemberAction({ userId: member.id, revokeTokens: "true" })).toMatchObject(
      refusal,
    );
    expect(await roleOf(organizationId, member.id)).toBe("MEMBER");
  });

  it("refuses both actions without a session", async () => {
    expect(
      await changeMemberRoleAction({ userId: crypto.randomUUID(), role: "OWNER" }),
    ).toMatchObject({
      ok: false,
      message: "Your session has ended. Sign in again to continue.",
    });
  });
});

describe("changeMemberRoleAction", () => {
  it("says when the member already has the role", async () => {
    const { member } = await signIn("OWNER");
    expect(await changeMemberRoleAction({ userId: member.id, role: "MEMBER" })).toMatchObject({
      ok: true,
      data: { changed: false },
      message: `${member.email} is already a Member.`,
    });
  });

  it("refuses to demote the last owner with the reason", async () => {
    const { organizationId, owner } = await signIn("OWNER");
    expect(await changeMemberRoleAction({ userId: owner.id, role: "ADMIN" })).toMatchObject({
      ok: false,
      message: LAST_OWNER_MESSAGE,
    });
    expect(await roleOf(organizationId, owner.id)).toBe("OWNER");
  });

  it("answers an unknown role or a malformed id with field errors and keeps the input", async () => {
    await signIn("OWNER");
    expect(await changeMemberRoleAction({ userId: "1 OR 1=1", role: "ROOT" })).toEqual({
      ok: false,
      message: "Please correct the highlighted fields.",
      fieldErrors: {
        userId: ["Choose a member of this organization"],
        role: ["Choose Owner, Admin or Member"],
      },
      values: { userId: "1 OR 1=1", role: "ROOT" },
    });
  });
});

describe("removeMemberAction", () => {
  it.each([
    ["true", 1],
    ["on", 1],
    ["false", 0],
    [undefined, 0],
  ] as const)("revokeTokens=%s revokes %i token(s)", async (revokeTokens, expected) => {
    const { organizationId, member } = await signIn("OWNER");
    await createApiToken({ organizationId, createdById: member.id });

    const result = await removeMemberAction({ userId: member.id, revokeTokens });

    expect(result).toMatchObject({ ok: true, data: { revokedTokenCount: expected } });
    expect(await db.apiToken.count({ where: { organizationId, revokedAt: { not: null } } })).toBe(
      expected,
    );
  });

  it("says how many tokens were revoked", async () => {
    const { organizationId, member } = await signIn("OWNER");
    for (let index = 0; index < 2; index++) {
      await createApiToken({ organizationId, createdById: member.id });
    }
    const organization = session.current!.organization.name;
    expect(await removeMemberAction({ userId: member.id, revokeTokens: "true" })).toMatchObject({
      message: `${member.email} was removed from ${organization}. 2 tokens revoked.`,
    });
  });

  it("refuses to remove the last owner, and refuses a choice that is not yes or no", async () => {
    const { organizationId, owner, member } = await signIn("OWNER");
    expect(await removeMemberAction({ userId: owner.id, revokeTokens: "false" })).toMatchObject({
      ok: false,
      message: LAST_OWNER_MESSAGE,
    });
    expect(await removeMemberAction({ userId: member.id, revokeTokens: "maybe" })).toMatchObject({
      ok: false,
      fieldErrors: { revokeTokens: ["Choose yes or no"] },
    });
    expect(await roleOf(organizationId, member.id)).toBe("MEMBER");
  });
});
