import { afterAll, beforeEach, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import { createToken } from "@/lib/services/tokens";
import { holdClock } from "@/test/clock";
import { createTestTenant, createTestUser, TEST_PASSWORD } from "@/test/factories";
import { sessionTokenFor, signedInRequest } from "@/test/signed-in-request";

// Sudo mode, enforced by the server actions themselves: a forged call without a fresh
// confirmation is refused with `sudo_required` and changes nothing. The real session module
// reads the session row from the database (confirmed_at included); only the request's
// cookies, its IP and Next's cache revalidation are stood in for.

vi.mock("@/lib/session/session-cookie", () => import("@/test/signed-in-request"));
vi.mock("@/lib/session/current-organization", () => import("@/test/signed-in-request"));
vi.mock("@/lib/auth/request-ip", () => ({ getRequestIp: async () => "192.0.2.45" }));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));

const { createTokenAction, rotateTokenAction, updateTokenAction } = await import("./tokens");
const { changeMemberRoleAction, removeMemberAction } = await import("./members");
const { createInvitationAction } = await import("./invitations");
const { setTokenLifetimePolicyAction } = await import("./token-policy");
const { changePlanAction } = await import("./billing");
const { confirmIdentityAction } = await import("./sessions");
const {
  beginTotpSetupAction,
  disableTwoFactorAction,
  regenerateRecoveryCodesAction,
  setTwoFactorPolicyAction,
} = await import("./two-factor");
const { removePasskeyAction } = await import("./passkeys");

const MINUTE = 60_000;

/** An owner signed in `minutesAgo` minutes ago (the clock is held at now). */
async function ownerSignedIn(minutesAgo: number) {
  const clock = holdClock();
  clock.advance(-minutesAgo * MINUTE);
  const tenant = await createTestTenant({ plan: "BUSINESS" });
  signedInRequest.token = await sessionTokenFor(tenant.user);
  clock.advance(minutesAgo * MINUTE);
  return { ...tenant, clock };
}

const countTokens = (organizationId: string) => db.apiToken.count({ where: { organizationId } });

beforeEach(() => {
  signedInRequest.token = null;
  signedInRequest.chosenOrganizationId = null;
});

afterAll(async () => {
  await db.$disconnect();
});

describe("creating a token", () => {
  it("needs a confirmation within 15 minutes when it can write, and says so with its code", async () => {
    const { organization } = await ownerSignedIn(16);
    const result = await createTokenAction({ name: "Deploy", scopes: "tokens:write" });
    expect(result).toMatchObject({ ok: false, code: "sudo_required" });
    expect(await countTokens(organization.id)).toBe(0);

    // Full access and the default choice (domains:write) write too.
    for (const scopes of [
      undefined,
      "domains:read domains:write logs:read tokens:read tokens:write audit:read",
    ]) {
      const answer = await createTokenAction({ name: "Again", ...(scopes ? { scopes } : {}) });
      expect(answer).toMatchObject({ ok: false, code: "sudo_required" });
    }
  });

  it("does not ask for a read-only token", async () => {
    const { organization } = await ownerSignedIn(60);
    const result = await createTokenAction({ name: "Reader", scopes: "domains:read logs:read" });
    expect(result.ok).toBe(true);
    expect(await countTokens(organization.id)).toBe(1);
  });

  it("runs within 15 minutes of signing in, and again right after Confirm it's you", async () => {
    const { organization, clock } = await ownerSignedIn(14);
    expect((await createTokenAction({ name: "Fresh", scopes: "tokens:write" })).ok).toBe(true);

    clock.advance(2 * MINUTE);
    expect(await createTokenAction({ name: "Stale", scopes: "tokens:write" })).toMatchObject({
      code: "sudo_required",
    });
    expect(await confirmIdentityAction({ password: TEST_PASSWORD })).toMatchObject({ ok: true });
    expect((await createTokenAction({ name: "Confirmed", scopes: "tokens:write" })).ok).toBe(true);
    expect(await countTokens(organization.id)).toBe(2);

    clock.advance(15 * MINUTE + 1);
    expect(await createTokenAction({ name: "Later", scopes: "tokens:write" })).toMatchObject({
      code: "sudo_required",
    });
  });
});

describe("Confirm it's you", () => {
  it("refuses a wrong password on the password field and leaves sudo mode closed", async () => {
    await ownerSignedIn(30);
    const result = await confirmIdentityAction({ method: "password", password: "not it" });
    expect(result).toMatchObject({
      ok: false,
      fieldErrors: { password: ["Your password is incorrect"] },
    });
    expect(result).not.toHaveProperty("values.password");
    expect(await createTokenAction({ name: "X", scopes: "tokens:write" })).toMatchObject({
      code: "sudo_required",
    });
  });

  it("counts wrong passwords against the account's sign-in limit", async () => {
    await ownerSignedIn(30);
    for (let attempt = 0; attempt < 10; attempt += 1) {
      await confirmIdentityAction({ password: `wrong ${attempt}` });
    }
    const blocked = await confirmIdentityAction({ password: TEST_PASSWORD });
    expect(blocked).toMatchObject({
      ok: false,
      message: expect.stringMatching(/Too many attempts/),
    });
  });

  it("asks for the password when none is typed, and refuses a way the person does not have", async () => {
    await ownerSignedIn(30);
    expect(await confirmIdentityAction({ password: "" })).toMatchObject({
      fieldErrors: { password: ["Enter your password"] },
    });
    const noPasskey = await confirmIdentityAction({
      method: "passkey",
      challengeId: "00000000-0000-4000-8000-000000000000",
      response: "{}",
    });
    expect(noPasskey).toMatchObject({
      ok: false,
      message: "That way of confirming is not available.",
    });
  });
});

describe("the other sensitive actions refuse a stale session and change nothing", () => {
  it("rotating or widening a token that writes, the role, removal, invitation, policy and plan", async () => {
    const { organization, user } = await ownerSignedIn(20);
    const actor = { kind: "user" as const, userId: user.id, ip: null };
    const writer = await createToken(
      { principal: actor, organizationId: organization.id },
      { name: "Writer", scopes: ["tokens:write"] },
    );
    const reader = await createToken(
      { principal: actor, organizationId: organization.id },
      { name: "Reader", scopes: ["domains:read"] },
    );
    const { user: member } = await createTestUser({
      organizationId: organization.id,
      role: "MEMBER",
    });

    const refused = [
      await rotateTokenAction({
        tokenId: writer.summary.id,
        gracePeriodSeconds: 0,
        expireOnFirstUse: false,
      }),
      await updateTokenAction({
        tokenId: reader.summary.id,
        name: "Reader",
        scopes: "domains:write",
      }),
      await changeMemberRoleAction({ userId: member.id, role: "ADMIN" }),
      await removeMemberAction({ userId: member.id }),
      await createInvitationAction({ email: "new@example.test", role: "MEMBER" }),
      await setTokenLifetimePolicyAction({ maxTokenLifetimeDays: "30" }),
      await changePlanAction({ plan: "ENTERPRISE" }),
    ];
    for (const result of refused)
      expect(result).toMatchObject({ ok: false, code: "sudo_required" });

    const after = await db.organization.findUniqueOrThrow({ where: { id: organization.id } });
    expect(after).toMatchObject({ plan: "BUSINESS", maxTokenLifetimeDays: null });
    expect(await db.membership.findFirst({ where: { userId: member.id } })).toMatchObject({
      role: "MEMBER",
    });
    expect(await db.invitation.count({ where: { organizationId: organization.id } })).toBe(0);
    expect(await countTokens(organization.id)).toBe(2);
    expect(await db.apiToken.findUniqueOrThrow({ where: { id: reader.summary.id } })).toMatchObject(
      {
        scopes: ["domains:read"],
      },
    );
  });

  it("does not ask for a read-only rotation, a rename, or leaving the organization", async () => {
    const { organization, user } = await ownerSignedIn(20);
    const actor = { kind: "user" as const, userId: user.id, ip: null };
    const reader = await createToken(
      { principal: actor, organizationId: organization.id },
      { name: "Reader", scopes: ["domains:read"] },
    );
    const rotated = await rotateTokenAction({
      tokenId: reader.summary.id,
      gracePeriodSeconds: 0,
      expireOnFirstUse: false,
    });
    expect(rotated.ok).toBe(true);
    const writer = await createToken(
      { principal: actor, organizationId: organization.id },
      { name: "W" },
    );
    const renamed = await updateTokenAction({ tokenId: writer.summary.id, name: "W2" });
    expect(renamed.ok).toBe(true);
    // Leaving is refused only because the last owner must stay: not for sudo.
    const leave = await removeMemberAction({ userId: user.id });
    expect(leave).not.toMatchObject({ code: "sudo_required" });
  });
});

describe("the account's own protections ask for a fresh confirmation too", () => {
  it("setting up, turning off and regenerating two-factor, the organization's policy and removing a passkey", async () => {
    const { organization } = await ownerSignedIn(20);
    const refused = [
      await beginTotpSetupAction({}),
      await disableTwoFactorAction({}),
      await regenerateRecoveryCodesAction({}),
      await setTwoFactorPolicyAction({ requireTwoFactor: "on" }),
      await removePasskeyAction({ passkeyId: "00000000-0000-4000-8000-000000000000" }),
    ];
    for (const result of refused)
      expect(result).toMatchObject({ ok: false, code: "sudo_required" });
    const after = await db.organization.findUniqueOrThrow({ where: { id: organization.id } });
    expect(after.requireTwoFactor).toBe(false);
  });
});
