import { afterAll, beforeEach, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import type { Role } from "@/lib/generated/prisma/enums";
import { createTestOrganization, createTestUser } from "@/test/factories";
import { sessionTokenFor, signedInRequest } from "@/test/signed-in-request";

// Which organization a signed-in user works in, against the real database. Only the
// request-bound parts are replaced: the decoded session cookie and the `ms_org` cookie
// (the organization this browser chose), which only exist inside a request.

vi.mock("@/lib/session/session-cookie", () => import("@/test/signed-in-request"));
vi.mock("@/lib/session/current-organization", () => import("@/test/signed-in-request"));

const { getSessionContext, getSignedInUser, requireSessionContext } = await import("./session");

/** A user who joined `first` a day before `second`, with a role in each. */
async function userInTwoOrganizations(roles: { first: Role; second: Role }) {
  const first = await createTestOrganization({ plan: "FREE", name: "First Org" });
  const second = await createTestOrganization({ plan: "ENTERPRISE", name: "Second Org" });
  const { user, membership } = await createTestUser({
    organizationId: first.id,
    role: roles.first,
  });
  await db.membership.update({
    where: { id: membership.id },
    data: { createdAt: new Date(Date.now() - 24 * 60 * 60 * 1000) },
  });
  await db.membership.create({
    data: { organizationId: second.id, userId: user.id, role: roles.second },
  });
  signedInRequest.token = await sessionTokenFor(user);
  return { user, first, second };
}

beforeEach(() => {
  signedInRequest.token = null;
  signedInRequest.chosenOrganizationId = null;
});

afterAll(async () => {
  await db.$disconnect();
});

describe("getSessionContext: the current organization", () => {
  it("is the organization this browser chose, with the user's role there", async () => {
    const { user, first, second } = await userInTwoOrganizations({
      first: "OWNER",
      second: "MEMBER",
    });
    signedInRequest.chosenOrganizationId = second.id;

    const context = await getSessionContext();
    expect(context).toEqual({
      user: { id: user.id, email: user.email, name: user.name, emailVerified: true },
      organization: { id: second.id, name: "Second Org", plan: "ENTERPRISE" },
      role: "MEMBER",
      // Every membership, oldest first, for the switcher.
      organizations: [
        { id: first.id, name: "First Org", plan: "FREE", role: "OWNER", requireTwoFactor: false },
        {
          id: second.id,
          name: "Second Org",
          plan: "ENTERPRISE",
          role: "MEMBER",
          requireTwoFactor: false,
        },
      ],
      sessionId: signedInRequest.token?.sessionId,
      confirmedAt: expect.any(Date),
      twoFactorSetupRequired: false,
    });
  });

  it("is the oldest membership when the browser chose none", async () => {
    const { first } = await userInTwoOrganizations({ first: "ADMIN", second: "OWNER" });
    const context = await getSessionContext();
    expect(context?.organization.id).toBe(first.id);
    expect(context?.role).toBe("ADMIN");
  });

  it("falls back to the oldest membership once the user has left the chosen organization", async () => {
    const { user, first, second } = await userInTwoOrganizations({
      first: "MEMBER",
      second: "OWNER",
    });
    signedInRequest.chosenOrganizationId = second.id;
    expect((await getSessionContext())?.organization.id).toBe(second.id);

    await db.membership.deleteMany({ where: { userId: user.id, organizationId: second.id } });
    const context = await getSessionContext();
    expect(context?.organization.id).toBe(first.id);
    expect(context?.role).toBe("MEMBER");
    expect(context?.organizations.map(({ id }) => id)).toEqual([first.id]);
  });

  it("ignores a chosen organization the user does not belong to", async () => {
    const { first } = await userInTwoOrganizations({ first: "MEMBER", second: "MEMBER" });
    const foreign = await createTestOrganization({ plan: "BUSINESS" });
    await createTestUser({ organizationId: foreign.id, role: "OWNER" });
    signedInRequest.chosenOrganizationId = foreign.id;

    const context = await getSessionContext();
    expect(context?.organization.id).toBe(first.id);
    expect(context?.role).toBe("MEMBER");
    expect(context?.organizations.map(({ id }) => id)).not.toContain(foreign.id);
  });

  it("ignores a chosen id that names no organization at all", async () => {
    const { first } = await userInTwoOrganizations({ first: "OWNER", second: "OWNER" });
    signedInRequest.chosenOrganizationId = "'; drop table organizations; --";
    expect((await getSessionContext())?.organization.id).toBe(first.id);
  });
});

describe("a user who belongs to no organization", () => {
  it("is signed in, but has no session context and is sent to the page that explains it", async () => {
    const { user, first } = await userInTwoOrganizations({
      first: "MEMBER",
      second: "MEMBER",
    });
    signedInRequest.chosenOrganizationId = first.id;
    await db.membership.deleteMany({ where: { userId: user.id } });

    expect(await getSessionContext()).toBeNull();
    expect(await getSignedInUser()).toEqual({
      user: { id: user.id, email: user.email, name: user.name, emailVerified: true },
      organizations: [],
      sessionId: signedInRequest.token?.sessionId,
      confirmedAt: expect.any(Date),
    });
    await expect(requireSessionContext()).rejects.toMatchObject({
      digest: expect.stringContaining(";/no-organization;"),
    });
  });

  it("is told apart from a signed-out visitor, who goes to the sign-in page", async () => {
    expect(await getSignedInUser()).toBeNull();
    await expect(requireSessionContext()).rejects.toMatchObject({
      digest: expect.stringContaining(";/login;"),
    });
  });

  it("is signed out once the session version has moved on (sign-out everywhere)", async () => {
    const { user } = await userInTwoOrganizations({ first: "OWNER", second: "OWNER" });
    await db.user.update({ where: { id: user.id }, data: { sessionVersion: { increment: 1 } } });
    expect(await getSignedInUser()).toBeNull();
    expect(await getSessionContext()).toBeNull();
  });
});
