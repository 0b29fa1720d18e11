import { randomInt } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import { outbox } from "@/lib/services/mail/outbox";
import { INVALID_RESET_MESSAGE } from "@/lib/services/users/password-reset";
import type { SessionContext } from "@/lib/session/session";
import { INVALID_RESET_LINK_MESSAGE } from "@/lib/validations/auth";
import { type AccountMail, linkCode, startAccountMail } from "@/test/account-mail";
import { createTestTenant, createTestUser, uniqueSuffix } from "@/test/factories";
import { sessionContextFor } from "@/test/session-context";

// The account-email actions against the real database, with the process's own outbox and
// limits and a real SMTP server. Only the request-bound parts are replaced: the client IP
// (a fresh one per call, so the per-IP limit never applies) and the session.

vi.mock("@/lib/auth/request-ip", () => ({
  getRequestIp: async () => `198.51.100.${randomInt(1, 255)}`,
}));
const session = vi.hoisted(() => ({ current: null as SessionContext | null }));
vi.mock("@/lib/session/session", () => ({
  requireActionContext: async () => {
    if (!session.current) throw new Error("no session in this test");
    return session.current;
  },
}));

const { requestPasswordResetAction, resetPasswordAction, resendVerificationEmailAction } =
  await import("./account-email");

let mail: AccountMail;

beforeAll(async () => {
  mail = await startAccountMail();
});

afterAll(async () => {
  await outbox().idle();
  await mail.close();
});

async function lastEmailTo(address: string) {
  await outbox().idle();
  return (await mail.messagesTo(address)).at(-1);
}

describe("account email actions", () => {
  it("answers Send reset link the same for an address with and without an account", async () => {
    const { user } = await createTestTenant();
    const nobody = `nobody-${uniqueSuffix()}@example.test`;
    const withAccount = await requestPasswordResetAction({ email: user.email.toUpperCase() });
    const without = await requestPasswordResetAction({ email: nobody });
    expect(withAccount).toEqual({ ...without, data: { email: user.email } });
    expect(without).toMatchObject({ ok: true, data: { email: nobody } });
    expect((await lastEmailTo(user.email))?.subject).toBe("Reset your MailShield password");
    expect(await lastEmailTo(nobody)).toBeUndefined();
  });

  it("sets the new password through the emailed link and answers the address to sign in with", async () => {
    const { user } = await createTestTenant();
    await requestPasswordResetAction({ email: user.email });
    const code = linkCode((await lastEmailTo(user.email))!.text, "/reset-password/");
    expect(await resetPasswordAction({ code, password: "another long passphrase" })).toEqual({
      ok: true,
      data: { email: user.email },
      message: "Password changed. Every session has been signed out.",
    });
  });

  it("refuses a malformed or unknown code with a clear message, never a failure", async () => {
    const malformed = await resetPasswordAction({ code: "../../x", password: "a long passphrase" });
    expect(malformed).toMatchObject({
      ok: false,
      fieldErrors: { code: [INVALID_RESET_LINK_MESSAGE] },
    });
    const unknown = await resetPasswordAction({
      code: "A".repeat(43),
      password: "a long passphrase",
    });
    expect(unknown).toMatchObject({ ok: false, message: INVALID_RESET_MESSAGE });
    // A forged call with anything but a form or an object is refused whole.
    expect(await resetPasswordAction("code" as never)).toMatchObject({ ok: false });
  });

  it("Resend emails a new verification link to the signed-in person's own address", async () => {
    const { organization } = await createTestTenant();
    const { user } = await createTestUser({ organizationId: organization.id, verified: false });
    const unverified = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    session.current = sessionContextFor(unverified, organization, "OWNER");
    try {
      expect(await resendVerificationEmailAction({})).toEqual({
        ok: true,
        data: { outcome: "queued" },
        message: `We sent a new link to ${user.email}. It works for 24 hours.`,
      });
    } finally {
      session.current = null;
    }
    expect((await lastEmailTo(user.email))?.subject).toBe(
      "Verify your email address for MailShield",
    );
  });
});
