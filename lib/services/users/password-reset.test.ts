import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyPassword } from "@/lib/auth/password";
import { COMMON_PASSWORD_MESSAGE } from "@/lib/auth/password-strength";
import { db } from "@/lib/db";
import { AccountEmailLimiter } from "@/lib/rate-limit/account-email-limits";
import { postgresStore } from "@/lib/rate-limit/test-stores";
import { Outbox } from "@/lib/services/mail/outbox";
import { changePassword } from "@/lib/services/users/change-password";
import {
  checkPasswordResetLink,
  EXPIRED_RESET_MESSAGE,
  INVALID_RESET_MESSAGE,
  RESET_VALID_MS,
  requestPasswordReset,
  resetPassword,
} from "@/lib/services/users/password-reset";
import { type AccountMail, linkCode, PUBLIC_URL, startAccountMail } from "@/test/account-mail";
import { holdClock } from "@/test/clock";
import { expectAppError } from "@/test/expect-app-error";
import {
  createTestOrganization,
  createTestTenant,
  TEST_PASSWORD,
  uniqueSuffix,
} from "@/test/factories";

let mail: AccountMail;

beforeAll(async () => {
  mail = await startAccountMail();
});

afterAll(async () => {
  await mail.close();
});

const IP = "203.0.113.40";
const NEW_PASSWORD = "a brand new passphrase for the engine";

/** Asks for a reset of `email` and returns the code of the link it was emailed. */
async function emailedResetCode(email: string): Promise<string> {
  const before = (await mail.messagesTo(email)).length;
  await requestPasswordReset({ email, ip: IP }, mail);
  const messages = await mail.messagesTo(email);
  expect(messages).toHaveLength(before + 1);
  return linkCode(messages.at(-1)!.text, "/reset-password/");
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

describe("password reset", () => {
  it("emails a single link on the public URL, and stores only its hash", async () => {
    const { user } = await createTestTenant();
    const code = await emailedResetCode(user.email);
    const [message] = await mail.messagesTo(user.email);
    expect(message!.subject).toBe("Reset your MailShield password");
    expect(message!.text).toContain(`${PUBLIC_URL}/reset-password/${code}`);
    expect(message!.text).toContain("The link works once");

    const rows = await db.passwordResetToken.findMany({ where: { userId: user.id } });
    expect(rows).toHaveLength(1);
    expect(rows[0]!.tokenHash).toBe(createHash("sha256").update(code).digest("hex"));
    expect(JSON.stringify(rows)).not.toContain(code);
    expect(await checkPasswordResetLink(code)).toEqual({ email: user.email });
  });

  it("answers an address without an account the same way, and emails nobody", async () => {
    const email = `nobody-${uniqueSuffix()}@example.test`;
    await expect(requestPasswordReset({ email, ip: IP }, mail)).resolves.toBeUndefined();
    expect(await mail.messagesTo(email)).toEqual([]);
  });

  it("sets the password, ends every session, emails the person and audits in each organization", async () => {
    const { user, organization } = await createTestTenant();
    const other = await createTestOrganization();
    await db.membership.create({
      data: { organizationId: other.id, userId: user.id, role: "MEMBER" },
    });
    const code = await emailedResetCode(user.email);
    const { sessionVersion } = await db.user.findUniqueOrThrow({ where: { id: user.id } });

    expect(await resetPassword({ code, password: NEW_PASSWORD, ip: IP }, mail)).toEqual({
      email: user.email,
    });

    const after = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(await verifyPassword(after.passwordHash, NEW_PASSWORD)).toBe(true);
    expect(await verifyPassword(after.passwordHash, TEST_PASSWORD)).toBe(false);
    // Every session issued before carries the old version and is refused.
    expect(after.sessionVersion).toBeGreaterThan(sessionVersion);
    const events = await db.auditEvent.findMany({
      where: { actorId: user.id, action: "user.password_reset" },
      select: { organizationId: true, ip: true },
    });
    expect(events.map((event) => event.organizationId).sort()).toEqual(
      [organization.id, other.id].sort(),
    );
    expect(events.every((event) => event.ip === IP)).toBe(true);
    const changed = (await mail.messagesTo(user.email)).at(-1)!;
    expect(changed.subject).toBe("Your MailShield password was changed");
    expect(changed.text).toContain("Every session that was signed in has been signed out.");
  });

  it("works once", async () => {
    const { user } = await createTestTenant();
    const code = await emailedResetCode(user.email);
    await resetPassword({ code, password: NEW_PASSWORD, ip: IP }, mail);
    await expectAppError(
      resetPassword({ code, password: `${NEW_PASSWORD} again`, ip: IP }, mail),
      "not_found",
      INVALID_RESET_MESSAGE,
    );
  });

  it("expires after one hour", async () => {
    const clock = holdClock();
    const { user } = await createTestTenant();
    const code = await emailedResetCode(user.email);
    clock.advance(RESET_VALID_MS - 1);
    await checkPasswordResetLink(code);
    clock.advance(1);
    await expectAppError(checkPasswordResetLink(code), "conflict", EXPIRED_RESET_MESSAGE);
    await expectAppError(
      resetPassword({ code, password: NEW_PASSWORD, ip: IP }, mail),
      "conflict",
      EXPIRED_RESET_MESSAGE,
    );
  });

  it("is void once the password changes, and once a newer link is sent", async () => {
    const { user } = await createTestTenant();
    const changedAfter = await emailedResetCode(user.email);
    await changePassword({
      userId: user.id,
      input: {
        currentPassword: TEST_PASSWORD,
        newPassword: NEW_PASSWORD,
        confirmPassword: NEW_PASSWORD,
      },
      ip: IP,
    });
    await expectAppError(checkPasswordResetLink(changedAfter), "not_found", INVALID_RESET_MESSAGE);

    const older = await emailedResetCode(user.email);
    const newer = await emailedResetCode(user.email);
    await expectAppError(checkPasswordResetLink(older), "not_found", INVALID_RESET_MESSAGE);
    await expect(checkPasswordResetLink(newer)).resolves.toEqual({ email: user.email });
  });

  it("applies the sign-up strength rules to the new password", async () => {
    const { user } = await createTestTenant();
    const code = await emailedResetCode(user.email);
    const error = await expectAppError(
      resetPassword({ code, password: "Password1234", ip: IP }, mail),
      "validation_error",
      COMMON_PASSWORD_MESSAGE,
    );
    expect(error.fieldErrors?.password).toEqual([COMMON_PASSWORD_MESSAGE]);
    // Refused, not used up: the person tries a better password with the same link.
    await expect(checkPasswordResetLink(code)).resolves.toEqual({ email: user.email });
  });

  it("limits requests per address, with or without an account, and per IP", async () => {
    const limiter = new AccountEmailLimiter({ store: postgresStore(), ipLimit: 1_000_000 });
    const given = { ...mail, limiter };
    const { user } = await createTestTenant();
    const nobody = `nobody-${uniqueSuffix()}@example.test`;
    for (const email of [user.email, nobody]) {
      for (let request = 0; request < limiter.addressLimit; request += 1) {
        await requestPasswordReset({ email, ip: IP }, given);
      }
      const refused = await expectAppError(
        requestPasswordReset({ email, ip: IP }, given),
        "rate_limited",
      );
      expect(refused.message).toMatch(/^Too many emails asked for; try again in \d+ minutes?\.$/);
    }
    expect(await mail.messagesTo(user.email)).toHaveLength(limiter.addressLimit);

    const ip = `198.51.100.${Math.floor(Math.random() * 250) + 1}`;
    const perIp = new AccountEmailLimiter({ store: postgresStore(), ipLimit: 3 });
    const fresh = () => `someone-${uniqueSuffix()}@example.test`;
    // The window may already hold this address's requests from an earlier run: count ours.
    let allowed = 0;
    for (let request = 0; request < 4; request += 1) {
      const outcome = await requestPasswordReset(
        { email: fresh(), ip },
        { ...mail, limiter: perIp },
      )
        .then(() => "allowed")
        .catch((error: { code?: string }) => error.code);
      if (outcome === "allowed") allowed += 1;
      else expect(outcome).toBe("rate_limited");
    }
    expect(allowed).toBeLessThanOrEqual(3);
    await expectAppError(
      requestPasswordReset({ email: fresh(), ip }, { ...mail, limiter: perIp }),
      "rate_limited",
    );
  });

  it("takes the same time whether or not the address has an account", async () => {
    const limiter = new AccountEmailLimiter({
      store: postgresStore(),
      ipLimit: 1_000_000,
      addressLimit: 1_000_000,
    });
    // The response is measured, not the send (it never waits for one).
    const given = { limiter, outbox: new Outbox({ deliver: async () => "sent" as const }) };
    const { user } = await createTestTenant();
    const nobody = `nobody-${uniqueSuffix()}@example.test`;
    const time = async (email: string) => {
      const started = performance.now();
      await requestPasswordReset({ email, ip: IP }, given);
      return performance.now() - started;
    };
    const withAccount: number[] = [];
    const without: number[] = [];
    // Warm up, then alternate so load on the machine falls on both alike.
    await time(user.email);
    await time(nobody);
    for (let round = 0; round < 15; round += 1) {
      withAccount.push(await time(user.email));
      without.push(await time(nobody));
    }
    const ratio = median(withAccount) / median(without);
    expect(ratio).toBeGreaterThan(0.5);
    expect(ratio).toBeLessThan(2);
  });
});
