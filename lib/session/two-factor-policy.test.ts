import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { totpCodeAt } from "@/lib/auth/totp";
import { clock } from "@/lib/clock";
import { db } from "@/lib/db";
import { listMembers } from "@/lib/services/members";
import { setTwoFactorPolicy } from "@/lib/services/organizations/two-factor-policy";
import { addTestPasskey, configurePublicUrl } from "@/lib/services/passkeys/test-passkeys";
import { beginTotpSetup, confirmTotpSetup } from "@/lib/services/users/two-factor-settings";
import { expectAppError } from "@/test/expect-app-error";
import { createTestOrganization, createTestUser } from "@/test/factories";
import { sessionTokenFor, signedInRequest } from "@/test/signed-in-request";

// An organization that requires two-factor authentication, against the real session module
// and database: only the request's cookies are stood in for.

vi.mock("@/lib/session/session-cookie", () => import("@/test/signed-in-request"));
vi.mock("@/lib/session/current-organization", () => import("@/test/signed-in-request"));
vi.mock("@/lib/auth/request-ip", () => ({ getRequestIp: async () => "192.0.2.48" }));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));

const { getSessionContext, requireActionContext, TWO_FACTOR_SETUP_REQUIRED_MESSAGE } = await import(
  "./session"
);

const { startPasskeyRegistrationAction } = await import("@/lib/actions/passkeys");

let restoreUrl: () => void;
beforeAll(() => {
  restoreUrl = configurePublicUrl();
});
beforeEach(() => {
  signedInRequest.token = null;
  signedInRequest.chosenOrganizationId = null;
});
afterAll(async () => {
  restoreUrl();
  await db.$disconnect();
});

const asUser = (userId: string) => ({ kind: "user", userId, ip: "192.0.2.7" }) as const;

async function organizationWithMember() {
  const organization = await createTestOrganization();
  const { user: owner } = await createTestUser({ organizationId: organization.id, role: "OWNER" });
  const { user: admin } = await createTestUser({ organizationId: organization.id, role: "ADMIN" });
  const { user: member } = await createTestUser({
    organizationId: organization.id,
    role: "MEMBER",
  });
  return { organization, owner, admin, member };
}

async function signIn(user: { id: string; sessionVersion: number }, organizationId?: string) {
  signedInRequest.token = await sessionTokenFor(user);
  signedInRequest.chosenOrganizationId = organizationId ?? null;
}

describe("Require two-factor authentication", () => {
  it("is set by owners only, and audited", async () => {
    const { organization, owner, admin } = await organizationWithMember();
    await expectAppError(
      setTwoFactorPolicy(
        { principal: asUser(admin.id), organizationId: organization.id },
        { requireTwoFactor: true },
      ),
      "forbidden",
    );
    await expect(
      setTwoFactorPolicy(
        { principal: asUser(owner.id), organizationId: organization.id },
        { requireTwoFactor: true },
      ),
    ).resolves.toEqual({ changed: true });
    const events = await db.auditEvent.findMany({
      where: { organizationId: organization.id, action: "policy.changed" },
    });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      actorId: owner.id,
      metadata: { changes: { requireTwoFactor: { before: false, after: true } } },
    });
  });

  it("sends a member without two-factor to set it up, and lets them go on once they have", async () => {
    const { organization, owner, member } = await organizationWithMember();
    const other = await createTestOrganization();
    await db.membership.create({
      data: { organizationId: other.id, userId: member.id, role: "MEMBER" },
    });
    await setTwoFactorPolicy(
      { principal: asUser(owner.id), organizationId: organization.id },
      { requireTwoFactor: true },
    );

    await signIn(member, organization.id);
    expect((await getSessionContext())?.twoFactorSetupRequired).toBe(true);
    await expectAppError(requireActionContext(), "forbidden", TWO_FACTOR_SETUP_REQUIRED_MESSAGE);
    // Setting it up (and switching organization) stays open.
    await expect(requireActionContext({ beforeTwoFactorSetup: true })).resolves.toMatchObject({
      organization: { id: organization.id },
    });
    // Another organization without the policy is not affected.
    await signIn(member, other.id);
    expect((await getSessionContext())?.twoFactorSetupRequired).toBe(false);

    const { secret } = await beginTotpSetup(member.id);
    await confirmTotpSetup({ userId: member.id, code: totpCodeAt(secret, clock.now()), ip: null });
    await signIn(member, organization.id);
    expect((await getSessionContext())?.twoFactorSetupRequired).toBe(false);
    await expect(requireActionContext()).resolves.toBeTruthy();

    const members = await listMembers(asUser(owner.id), organization.id);
    expect(members.find((row) => row.userId === member.id)?.twoFactor).toBe(true);
    expect(members.find((row) => row.userId === owner.id)?.twoFactor).toBe(false);
  });

  it("is met by a passkey alone, which a member can add while sent to set two-factor up", async () => {
    const { organization, owner, member } = await organizationWithMember();
    await setTwoFactorPolicy(
      { principal: asUser(owner.id), organizationId: organization.id },
      { requireTwoFactor: true },
    );
    await signIn(member, organization.id);
    expect((await getSessionContext())?.twoFactorSetupRequired).toBe(true);
    // Adding a passkey is open before the policy is met, like the authenticator app.
    expect(await startPasskeyRegistrationAction({})).toMatchObject({ ok: true });

    await addTestPasskey(member.id);
    await signIn(member, organization.id);
    expect((await getSessionContext())?.twoFactorSetupRequired).toBe(false);
    const members = await listMembers(asUser(owner.id), organization.id);
    expect(members.find((row) => row.userId === member.id)?.twoFactor).toBe(true);
  });
});
