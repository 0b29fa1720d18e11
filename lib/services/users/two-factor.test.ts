import { randomInt } from "node:crypto";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { totpCodeAt } from "@/lib/auth/totp";
import { clock } from "@/lib/clock";
import { reloadConfig } from "@/lib/config";
import { db } from "@/lib/db";
import { createSignInLimiters } from "@/lib/rate-limit/sign-in-limits";
import { postgresStore } from "@/lib/rate-limit/test-stores";
import { completeTwoFactorSignIn } from "@/lib/services/sign-in/two-factor-sign-in";
import { signInWithLimits } from "@/lib/services/users/sign-in-with-limits";
import {
  beginTotpSetup,
  confirmTotpSetup,
  disableTwoFactor,
  getTwoFactorSettings,
  regenerateRecoveryCodes,
  WRONG_SETUP_CODE_MESSAGE,
} from "@/lib/services/users/two-factor-settings";
import { hasTwoFactor } from "@/lib/services/users/two-factor-status";
import { type HeldClock, holdClock } from "@/test/clock";
import { expectAppError } from "@/test/expect-app-error";
import { createTestTenant, TEST_PASSWORD } from "@/test/factories";
import { decodedMessage, startTestSmtpServer, type TestSmtpServer } from "@/test/smtp-server";

let smtp: TestSmtpServer;
beforeAll(async () => {
  smtp = await startTestSmtpServer();
  process.env.SMTP_URL = smtp.url;
  reloadConfig();
});
afterAll(async () => {
  delete process.env.SMTP_URL;
  reloadConfig();
  await smtp.close();
});
let held: HeldClock;
beforeEach(() => {
  held = holdClock();
});
afterEach(() => {
  smtp.received.length = 0;
});

const STEP_MS = 30_000;

function client() {
  return {
    limiters: createSignInLimiters(postgresStore()),
    ip: `2001:db8:${randomInt(1, 0xffff).toString(16)}:${randomInt(1, 0xffff).toString(16)}::1`,
  };
}

/** A person with an authenticator app turned on; returns its secret and recovery codes. */
async function personWithTwoFactor() {
  const tenant = await createTestTenant();
  const { secret } = await beginTotpSetup(tenant.user.id);
  const { recoveryCodes } = await confirmTotpSetup({
    userId: tenant.user.id,
    code: totpCodeAt(secret, clock.now()),
    ip: null,
  });
  return { ...tenant, secret, recoveryCodes };
}

async function passwordStep(email: string, c: ReturnType<typeof client>) {
  const attempt = await signInWithLimits(
    { email, password: TEST_PASSWORD },
    { ip: c.ip },
    { limiters: c.limiters },
  );
  if (attempt.ok || attempt.reason !== "two_factor_required") {
    throw new Error(`expected the second step, got ${JSON.stringify(attempt)}`);
  }
  return attempt.challenge;
}

describe("setting up an authenticator app", () => {
  it("turns two-factor on only with a right code, and stores the secret encrypted", async () => {
    const { user } = await createTestTenant();
    const { secret, uri } = await beginTotpSetup(user.id);
    expect(uri).toMatch(/^otpauth:\/\/totp\/MailShield:.+\?.*secret=/);
    await expect(hasTwoFactor(db, user.id)).resolves.toBe(false);

    await expectAppError(
      confirmTotpSetup({ userId: user.id, code: "000000", ip: null }),
      "validation_error",
      WRONG_SETUP_CODE_MESSAGE,
    );
    const { recoveryCodes } = await confirmTotpSetup({
      userId: user.id,
      code: totpCodeAt(secret, clock.now()),
      ip: null,
    });
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    await expect(hasTwoFactor(db, user.id)).resolves.toBe(true);

    const stored = await db.totpCredential.findUniqueOrThrow({ where: { userId: user.id } });
    expect(stored.encryptedSecret).not.toContain(secret);
    const hashes = await db.recoveryCode.findMany({ where: { userId: user.id } });
    expect(hashes.map((row) => row.codeHash)).not.toContain(recoveryCodes[0]);
    expect(await getTwoFactorSettings(user.id)).toMatchObject({
      enabled: true,
      recoveryCodesLeft: 10,
    });
  });
});

describe("signing in with two-factor", () => {
  it("gives no user for the password alone, then signs in with a code", async () => {
    const person = await personWithTwoFactor();
    const c = client();
    const challenge = await passwordStep(person.user.email, c);
    held.advance(STEP_MS);

    const attempt = await completeTwoFactorSignIn(
      challenge,
      { kind: "totp", code: totpCodeAt(person.secret, clock.now()) },
      { ip: c.ip },
      { limiters: c.limiters },
    );
    expect(attempt).toMatchObject({ ok: true, user: { id: person.user.id } });
  });

  it("refuses a code used once already (no replay within its window)", async () => {
    const person = await personWithTwoFactor();
    const c = client();
    held.advance(STEP_MS);
    const code = totpCodeAt(person.secret, clock.now());
    const first = await completeTwoFactorSignIn(
      await passwordStep(person.user.email, c),
      { kind: "totp", code },
      { ip: c.ip },
      { limiters: c.limiters },
    );
    expect(first.ok).toBe(true);
    // The same code, a few seconds later, still inside its window: refused.
    held.advance(5_000);
    const replay = await completeTwoFactorSignIn(
      await passwordStep(person.user.email, c),
      { kind: "totp", code },
      { ip: c.ip },
      { limiters: c.limiters },
    );
    expect(replay).toEqual({ ok: false, reason: "invalid_code" });
  });

  it("uses a challenge once, and not after 10 minutes", async () => {
    const person = await personWithTwoFactor();
    const c = client();
    const challenge = await passwordStep(person.user.email, c);
    held.advance(STEP_MS);
    const ok = await completeTwoFactorSignIn(
      challenge,
      { kind: "recovery", code: person.recoveryCodes[0] ?? "" },
      { ip: c.ip },
      { limiters: c.limiters },
    );
    expect(ok.ok).toBe(true);
    const again = await completeTwoFactorSignIn(
      challenge,
      { kind: "recovery", code: person.recoveryCodes[1] ?? "" },
      { ip: c.ip },
      { limiters: c.limiters },
    );
    expect(again).toEqual({ ok: false, reason: "challenge_expired" });

    const late = await passwordStep(person.user.email, c);
    held.advance(10 * 60_000);
    await expect(
      completeTwoFactorSignIn(
        late,
        { kind: "totp", code: totpCodeAt(person.secret, clock.now()) },
        { ip: c.ip },
        { limiters: c.limiters },
      ),
    ).resolves.toEqual({ ok: false, reason: "challenge_expired" });
  });

  it("counts wrong codes against the account's limit, which the password cannot clear", async () => {
    const person = await personWithTwoFactor();
    const c = client();
    for (let i = 0; i < 10; i += 1) {
      // Typing the right password again between guesses must not reset the count.
      const challenge = await passwordStep(person.user.email, c);
      await expect(
        completeTwoFactorSignIn(
          challenge,
          { kind: "totp", code: String(100000 + i) },
          { ip: c.ip },
          { limiters: c.limiters },
        ),
      ).resolves.toEqual({ ok: false, reason: "invalid_code" });
    }
    // The account is now blocked: the password step is refused before it is checked.
    await expect(
      signInWithLimits(
        { email: person.user.email, password: TEST_PASSWORD },
        { ip: c.ip },
        { limiters: c.limiters },
      ),
    ).resolves.toMatchObject({ ok: false, reason: "rate_limited" });
    const refusals = await db.auditEvent.count({
      where: { actorId: person.user.id, action: "user.two_factor_failed" },
    });
    expect(refusals).toBe(10);
  });
});

describe("recovery codes", () => {
  it("each works once, and using one emails the person", async () => {
    const person = await personWithTwoFactor();
    const c = client();
    const code = (person.recoveryCodes[3] ?? "").toUpperCase();
    const first = await completeTwoFactorSignIn(
      await passwordStep(person.user.email, c),
      { kind: "recovery", code },
      { ip: c.ip },
      { limiters: c.limiters },
    );
    expect(first.ok).toBe(true);
    const second = await completeTwoFactorSignIn(
      await passwordStep(person.user.email, c),
      { kind: "recovery", code },
      { ip: c.ip },
      { limiters: c.limiters },
    );
    expect(second).toEqual({ ok: false, reason: "invalid_code" });

    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0]?.to).toEqual([person.user.email]);
    const message = decodedMessage(smtp.received[0]?.raw ?? "");
    expect(message).toContain("A recovery code was used to sign in to MailShield");
    expect(message).toContain("9 of your recovery codes are left");
    expect(await getTwoFactorSettings(person.user.id)).toMatchObject({ recoveryCodesLeft: 9 });
  });

  it("regenerating replaces every earlier code", async () => {
    const person = await personWithTwoFactor();
    const { recoveryCodes } = await regenerateRecoveryCodes({ userId: person.user.id, ip: null });
    expect(recoveryCodes).toHaveLength(10);
    const c = client();
    await expect(
      completeTwoFactorSignIn(
        await passwordStep(person.user.email, c),
        { kind: "recovery", code: person.recoveryCodes[0] ?? "" },
        { ip: c.ip },
        { limiters: c.limiters },
      ),
    ).resolves.toEqual({ ok: false, reason: "invalid_code" });
  });
});

describe("turning two-factor off", () => {
  it("signs in with the password alone again, and emails the person", async () => {
    const person = await personWithTwoFactor();
    await disableTwoFactor({ userId: person.user.id, ip: "203.0.113.9" });
    await expect(hasTwoFactor(db, person.user.id)).resolves.toBe(false);
    const c = client();
    await expect(
      signInWithLimits(
        { email: person.user.email, password: TEST_PASSWORD },
        { ip: c.ip },
        { limiters: c.limiters },
      ),
    ).resolves.toMatchObject({ ok: true });
    const message = decodedMessage(smtp.received[0]?.raw ?? "");
    expect(smtp.received[0]?.to).toEqual([person.user.email]);
    expect(message).toContain("Two-factor authentication was turned off");
    expect(message).toContain("203.0.113.9");
    const events = await db.auditEvent.count({
      where: { actorId: person.user.id, action: "user.two_factor_disabled" },
    });
    expect(events).toBe(1);
  });
});
