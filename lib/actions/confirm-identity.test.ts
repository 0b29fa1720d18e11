import { afterAll, beforeEach, describe, expect, it, vi } from "vitest";
import { totpCodeAt } from "@/lib/auth/totp";
import { clock } from "@/lib/clock";
import { db } from "@/lib/db";
import { setTwoFactorPolicy } from "@/lib/services/organizations/two-factor-policy";
import { beginTotpSetup, confirmTotpSetup } from "@/lib/services/users/two-factor-settings";
import { holdClock } from "@/test/clock";
import { createTestTenant, TEST_PASSWORD } from "@/test/factories";
import { sessionTokenFor, signedInRequest } from "@/test/signed-in-request";

// "Confirm it's you" as the dialog calls it (the server actions, the real session module
// and database): the ways it offers, an authentication code, and forged input of every
// shape answered with a refusal, never a crash. The passkey way is covered in the service's
// tests (lib/services/sessions/confirm-identity.test.ts) and end to end.

vi.mock("@/lib/session/session-cookie", () => import("@/test/signed-in-request"));
vi.mock("@/lib/session/current-organization", () => import("@/test/signed-in-request"));
vi.mock("@/lib/auth/request-ip", () => ({ getRequestIp: async () => "192.0.2.46" }));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));

const { confirmIdentityAction, confirmationMethodsAction, startPasskeyConfirmationAction } =
  await import("./sessions");
const { beginTotpSetupAction } = await import("./two-factor");

const MINUTE = 60_000;

/** An owner signed in an hour ago (sudo mode lapsed), optionally with an authenticator app. */
async function ownerSignedInAnHourAgo(options: { totp?: boolean } = {}) {
  const clock_ = holdClock();
  const tenant = await createTestTenant({ plan: "BUSINESS" });
  let secret = "";
  if (options.totp) {
    secret = (await beginTotpSetup(tenant.user.id)).secret;
    await confirmTotpSetup({
      userId: tenant.user.id,
      code: totpCodeAt(secret, clock.now()),
      ip: null,
    });
  }
  signedInRequest.token = await sessionTokenFor(tenant.user);
  clock_.advance(60 * MINUTE);
  return { ...tenant, secret, clock: clock_ };
}

beforeEach(() => {
  signedInRequest.token = null;
  signedInRequest.chosenOrganizationId = null;
});
afterAll(async () => {
  await db.$disconnect();
});

describe("Confirm it's you with an authentication code", () => {
  it("offers the code to a person with an authenticator app, and takes the current one once", async () => {
    const { secret, clock: held } = await ownerSignedInAnHourAgo({ totp: true });
    expect(await confirmationMethodsAction({})).toMatchObject({
      ok: true,
      data: { methods: ["password", "authentication_code"] },
    });
    expect(await beginTotpSetupAction({})).toMatchObject({ code: "sudo_required" });

    expect(
      await confirmIdentityAction({ method: "authentication_code", code: "000000" }),
    ).toMatchObject({
      ok: false,
      fieldErrors: { code: ["That code is incorrect or has expired"] },
    });
    expect(await confirmIdentityAction({ method: "authentication_code", code: "" })).toMatchObject({
      ok: false,
      fieldErrors: { code: ["Enter the 6-digit code from your authenticator app"] },
    });

    held.advance(30_000);
    const code = totpCodeAt(secret, clock.now());
    expect(await confirmIdentityAction({ method: "authentication_code", code })).toMatchObject({
      ok: true,
    });
    // Sudo mode is open: the guarded action runs (here: refused for its own reason only).
    expect(await beginTotpSetupAction({})).not.toMatchObject({ code: "sudo_required" });

    held.advance(16 * MINUTE);
    expect(await confirmIdentityAction({ method: "authentication_code", code })).toMatchObject({
      ok: false,
    });
  });

  it("offers only the password to a person without other factors", async () => {
    await ownerSignedInAnHourAgo();
    expect(await confirmationMethodsAction({})).toMatchObject({
      ok: true,
      data: { methods: ["password"] },
    });
    expect(await startPasskeyConfirmationAction({})).toMatchObject({
      ok: false,
      message: "You have no passkey to use.",
    });
  });
});

describe("Confirm it's you while the organization requires two-factor", () => {
  it("stays open, so that setting two-factor up (which needs it) can be confirmed", async () => {
    const { organization, user } = await ownerSignedInAnHourAgo();
    await setTwoFactorPolicy(
      { principal: { kind: "user", userId: user.id, ip: null }, organizationId: organization.id },
      { requireTwoFactor: true },
    );
    expect(await beginTotpSetupAction({})).toMatchObject({ code: "sudo_required" });
    expect(await confirmationMethodsAction({})).toMatchObject({ ok: true });
    expect(await confirmIdentityAction({ password: TEST_PASSWORD })).toMatchObject({ ok: true });
    expect(await beginTotpSetupAction({})).toMatchObject({ ok: true });
  });
});

describe("forged input to Confirm it's you", () => {
  it("is refused with a message, never a crash, and opens nothing", async () => {
    await ownerSignedInAnHourAgo({ totp: true });
    const forged: unknown[] = [
      null,
      "password",
      42,
      [],
      { method: "sms", code: "123456" },
      { method: ["password"], password: TEST_PASSWORD },
      { method: "password", password: ["a", "b"] },
      { method: "password", password: "x".repeat(5000) },
      { method: "authentication_code", code: "1".repeat(65) },
      { method: "authentication_code", code: { digits: "123456" } },
      { method: "passkey", challengeId: "not-a-uuid", response: "{}" },
      { method: "passkey", challengeId: "00000000-0000-4000-8000-000000000000" },
      { method: "passkey", challengeId: crypto.randomUUID(), response: "x".repeat(40_000) },
      { method: "password", password: "\uD800" },
    ];
    for (const input of forged) {
      const result = await confirmIdentityAction(input as never);
      expect(result.ok, JSON.stringify(input).slice(0, 80)).toBe(false);
      if (!result.ok) expect(result.message).toBeTruthy();
    }
    expect(await beginTotpSetupAction({})).toMatchObject({ code: "sudo_required" });
  });
});
