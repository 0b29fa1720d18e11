import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { totpCodeAt } from "@/lib/auth/totp";
import { clock } from "@/lib/clock";
import { db } from "@/lib/db";
import { createSignInLimiters } from "@/lib/rate-limit/sign-in-limits";
import { postgresStore } from "@/lib/rate-limit/test-stores";
import { CHALLENGE_LIFETIME_MS } from "@/lib/services/passkeys/challenges";
import {
  addTestPasskey,
  configurePublicUrl,
  ORIGIN,
  RP_ID,
  uniqueIp,
} from "@/lib/services/passkeys/test-passkeys";
import { signInWithLimits } from "@/lib/services/users/sign-in-with-limits";
import {
  beginTotpSetup,
  confirmTotpSetup,
  disableTwoFactor,
  getTwoFactorSettings,
} from "@/lib/services/users/two-factor-settings";
import { hasTwoFactor, usersWithTwoFactor } from "@/lib/services/users/two-factor-status";
import { holdClock } from "@/test/clock";
import { createTestTenant, TEST_PASSWORD } from "@/test/factories";
import { assert, type SoftCredential } from "@/test/webauthn-authenticator";
import { startPasskeyForTwoFactorSignIn } from "./two-factor-passkey";
import { completeTwoFactorSignIn } from "./two-factor-sign-in";

// A passkey as the second factor after the password ("Use a passkey" in the two-factor
// step): the person's own passkey starts the session, nothing else does, and a refused one
// counts against the same per-account limit as a wrong code.

let restore: () => void;
beforeAll(() => {
  restore = configurePublicUrl();
});
afterAll(() => restore());

function client() {
  return { limiters: createSignInLimiters(postgresStore()), ip: uniqueIp() };
}
type Client = ReturnType<typeof client>;

async function passwordStep(email: string, c: Client) {
  const attempt = await signInWithLimits(
    { email, password: TEST_PASSWORD },
    { ip: c.ip },
    { limiters: c.limiters },
  );
  if (attempt.ok || attempt.reason !== "two_factor_required") {
    throw new Error(`expected the second step, got ${JSON.stringify(attempt)}`);
  }
  return attempt;
}

/** "Use a passkey": options for the pending sign-in, answered by `credential`. */
async function passkeyAnswer(challenge: string, credential: SoftCredential, c: Client) {
  const started = await startPasskeyForTwoFactorSignIn(challenge, c.ip);
  if (!started.ok) throw new Error(`no options: ${started.reason}`);
  const { challengeId, options } = started.start;
  const response = assert(credential, options.challenge, { origin: ORIGIN, rpId: RP_ID });
  return { kind: "passkey" as const, challengeId, response };
}

async function personWithPasskey() {
  const tenant = await createTestTenant();
  const { passkey, credential } = await addTestPasskey(tenant.user.id);
  return { ...tenant, passkey, credential };
}

describe("a passkey alone is two-factor authentication", () => {
  it("turns the second step on, and counts for the organization policy and the Members page", async () => {
    const { user } = await personWithPasskey();
    const plain = await createTestTenant();
    await expect(hasTwoFactor(db, user.id)).resolves.toBe(true);
    await expect(usersWithTwoFactor(db, [user.id, plain.user.id])).resolves.toEqual(
      new Set([user.id]),
    );

    // The right password gives no user: a challenge, telling the form a passkey is there.
    const step = await passwordStep(user.email, client());
    expect(step.methods).toEqual({ totp: false, passkey: true });
  });

  it("tells the step about both when the person also has an authenticator app", async () => {
    const { user } = await personWithPasskey();
    const { secret } = await beginTotpSetup(user.id);
    await confirmTotpSetup({ userId: user.id, code: totpCodeAt(secret, clock.now()), ip: null });
    expect((await passwordStep(user.email, client())).methods).toEqual({
      totp: true,
      passkey: true,
    });
  });
});

describe("turning the authenticator app off while the person has passkeys", () => {
  it("keeps two-factor on with the passkeys, and the recovery codes", async () => {
    const { user } = await personWithPasskey();
    const { secret } = await beginTotpSetup(user.id);
    await confirmTotpSetup({ userId: user.id, code: totpCodeAt(secret, clock.now()), ip: null });
    await expect(disableTwoFactor({ userId: user.id, ip: null })).resolves.toEqual({
      passkeysRemain: true,
    });
    expect(await getTwoFactorSettings(user.id)).toMatchObject({
      enabled: true,
      passkeys: true,
      totpEnabledAt: null,
      recoveryCodesLeft: 10,
    });
    expect((await passwordStep(user.email, client())).methods).toEqual({
      totp: false,
      passkey: true,
    });
    // Nothing left to turn off here: the passkeys are removed in their own section.
    await expect(disableTwoFactor({ userId: user.id, ip: null })).rejects.toMatchObject({
      code: "conflict",
    });
  });
});

describe("signing in with a passkey after the password", () => {
  it("offers only the person's passkeys, and only to the browser holding the challenge", async () => {
    const { user, credential } = await personWithPasskey();
    const c = client();
    const { challenge } = await passwordStep(user.email, c);
    const started = await startPasskeyForTwoFactorSignIn(challenge, c.ip);
    expect(started.ok && started.start.options.allowCredentials?.map((item) => item.id)).toEqual([
      credential.id,
    ]);
    for (const forged of ["", "not-a-challenge", "x".repeat(5000), 42, null, { a: 1 }]) {
      await expect(startPasskeyForTwoFactorSignIn(forged, c.ip)).resolves.toEqual({
        ok: false,
        reason: "challenge_expired",
      });
    }
  });

  it("starts the session with the person's passkey, records it, and spends the challenge", async () => {
    const { user, organization, passkey, credential } = await personWithPasskey();
    const c = client();
    const { challenge } = await passwordStep(user.email, c);
    const factor = await passkeyAnswer(challenge, credential, c);
    const attempt = await completeTwoFactorSignIn(challenge, factor, { ip: c.ip }, c);
    expect(attempt).toMatchObject({ ok: true, user: { id: user.id, twoFactor: true } });
    const stored = await db.passkey.findUniqueOrThrow({ where: { id: passkey.id } });
    expect(stored.lastUsedAt).not.toBeNull();
    const event = await db.auditEvent.findFirstOrThrow({
      where: { organizationId: organization.id, action: "user.signed_in" },
    });
    expect(event.metadata).toMatchObject({ secondFactor: "passkey" });

    // The sign-in challenge is spent: the same (or a fresh) answer cannot start another.
    const again = await completeTwoFactorSignIn(
      challenge,
      await passkeyAnswer((await passwordStep(user.email, c)).challenge, credential, c),
      { ip: c.ip },
      c,
    );
    expect(again).toEqual({ ok: false, reason: "challenge_expired" });
  });

  it("refuses another person's passkey, a replayed answer and a lapsed prompt, with no session", async () => {
    const alice = await personWithPasskey();
    const mallory = await personWithPasskey();
    const c = client();
    const { challenge } = await passwordStep(alice.user.email, c);

    // Mallory's own passkey, answering the options issued for Alice's sign-in.
    const foreign = await passkeyAnswer(challenge, mallory.credential, c);
    await expect(completeTwoFactorSignIn(challenge, foreign, { ip: c.ip }, c)).resolves.toEqual({
      ok: false,
      reason: "invalid_code",
    });

    // Alice's passkey, but the WebAuthn challenge of that refused answer again: spent.
    const replay = {
      ...foreign,
      response: assert(alice.credential, "c3BlbnQ", { origin: ORIGIN, rpId: RP_ID }),
    };
    await expect(completeTwoFactorSignIn(challenge, replay, { ip: c.ip }, c)).resolves.toEqual({
      ok: false,
      reason: "passkey_challenge_expired",
    });

    // A prompt answered after its five minutes.
    const clockHeld = holdClock();
    const late = await passkeyAnswer(challenge, alice.credential, c);
    clockHeld.advance(CHALLENGE_LIFETIME_MS);
    await expect(completeTwoFactorSignIn(challenge, late, { ip: c.ip }, c)).resolves.toEqual({
      ok: false,
      reason: "passkey_challenge_expired",
    });
    // Nothing of it was a sign-in.
    const signedIn = await db.auditEvent.count({
      where: { actorId: alice.user.id, action: "user.signed_in" },
    });
    expect(signedIn).toBe(0);
  });

  it("counts refused passkeys against the account's limit, which the password cannot clear", async () => {
    const alice = await personWithPasskey();
    const mallory = await personWithPasskey();
    const c = client();
    for (let i = 0; i < c.limiters.account.limit; i += 1) {
      // Typing the right password again between attempts must not reset the count.
      const { challenge } = await passwordStep(alice.user.email, c);
      const wrong = await passkeyAnswer(challenge, mallory.credential, c);
      await expect(completeTwoFactorSignIn(challenge, wrong, { ip: c.ip }, c)).resolves.toEqual({
        ok: false,
        reason: "invalid_code",
      });
    }
    await expect(
      signInWithLimits(
        { email: alice.user.email, password: TEST_PASSWORD },
        { ip: c.ip },
        { limiters: c.limiters },
      ),
    ).resolves.toMatchObject({ ok: false, reason: "rate_limited" });
    const refusals = await db.auditEvent.count({
      where: { actorId: alice.user.id, action: "user.two_factor_failed" },
    });
    expect(refusals).toBe(c.limiters.account.limit);
  });

  it("gives a person without passkeys no options", async () => {
    const { user } = await createTestTenant();
    const { secret } = await beginTotpSetup(user.id);
    await confirmTotpSetup({ userId: user.id, code: totpCodeAt(secret, clock.now()), ip: null });
    const c = client();
    const { challenge, methods } = await passwordStep(user.email, c);
    expect(methods).toEqual({ totp: true, passkey: false });
    await expect(startPasskeyForTwoFactorSignIn(challenge, c.ip)).resolves.toEqual({
      ok: false,
      reason: "no_passkey",
    });
  });
});
