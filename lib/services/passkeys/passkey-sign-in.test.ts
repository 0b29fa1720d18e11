import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PASSKEY_NOT_ACCEPTED_MESSAGE } from "@/lib/auth/passkey-messages";
import { db } from "@/lib/db";
import { createSignInLimiters } from "@/lib/rate-limit/sign-in-limits";
import { postgresStore } from "@/lib/rate-limit/test-stores";
import { holdClock } from "@/test/clock";
import { expectAppError } from "@/test/expect-app-error";
import { createTestTenant } from "@/test/factories";
import { assert, type SoftCredential } from "@/test/webauthn-authenticator";
import {
  startPasskeySecondFactor,
  startPasskeySignIn,
  verifyPasskeyAssertionForUser,
} from "./authenticate-passkey";
import { CHALLENGE_LIFETIME_MS } from "./challenges";
import { signInWithPasskey } from "./passkey-sign-in";
import { addTestPasskey, configurePublicUrl, ORIGIN, RP_ID, uniqueIp } from "./test-passkeys";

let restore: () => void;
beforeAll(() => {
  restore = configurePublicUrl();
});
afterAll(() => restore());

const limiters = () => createSignInLimiters(postgresStore());

/** A passwordless sign-in as the sign-in page makes it: a fresh challenge, then the assertion. */
async function signIn(
  credential: SoftCredential,
  settings: { origin?: string; rpId?: string; counter?: number; userHandle?: string } = {},
) {
  const { challengeId, options } = await startPasskeySignIn();
  const response = assert(credential, options.challenge, {
    origin: ORIGIN,
    rpId: RP_ID,
    ...settings,
  });
  const credentials = { challengeId, response: JSON.stringify(response) };
  return {
    credentials,
    attempt: await signInWithPasskey(credentials, { ip: uniqueIp() }, { limiters: limiters() }),
  };
}

describe("signing in with a passkey", () => {
  it("signs the passkey's person in without a password and records the use", async () => {
    const { organization, user } = await createTestTenant();
    const { passkey, credential } = await addTestPasskey(user.id);
    const clock = holdClock();

    const { attempt } = await signIn(credential);
    expect(attempt).toMatchObject({ ok: true, user: { id: user.id, email: user.email } });
    const stored = await db.passkey.findUniqueOrThrow({ where: { id: passkey.id } });
    expect(stored.counter).toBe(1n);
    expect(stored.lastUsedAt).toEqual(clock.now());
    const event = await db.auditEvent.findFirstOrThrow({
      where: { organizationId: organization.id, action: "user.signed_in" },
    });
    expect(event).toMatchObject({ actorId: user.id, metadata: { method: "passkey" } });
  });

  it("offers no credential list, so the request names no account", async () => {
    const { options } = await startPasskeySignIn();
    expect(options.rpId).toBe(RP_ID);
    expect(options.allowCredentials ?? []).toEqual([]);
  });

  it("accepts each challenge once: a replayed assertion is refused", async () => {
    const { user } = await createTestTenant();
    const { credential } = await addTestPasskey(user.id);
    const { credentials, attempt } = await signIn(credential);
    expect(attempt.ok).toBe(true);
    const replay = await signInWithPasskey(
      credentials,
      { ip: uniqueIp() },
      { limiters: limiters() },
    );
    expect(replay).toEqual({ ok: false, reason: "challenge_expired" });
  });

  it("refuses a challenge past its five minutes, by the application's clock", async () => {
    const { user } = await createTestTenant();
    const { credential } = await addTestPasskey(user.id);
    const clock = holdClock();
    const { challengeId, options } = await startPasskeySignIn();
    clock.advance(CHALLENGE_LIFETIME_MS);
    const response = assert(credential, options.challenge, { origin: ORIGIN, rpId: RP_ID });
    const attempt = await signInWithPasskey(
      { challengeId, response: JSON.stringify(response) },
      { ip: uniqueIp() },
      { limiters: limiters() },
    );
    expect(attempt).toEqual({ ok: false, reason: "challenge_expired" });
  });

  it("refuses an assertion made on another origin or for another RP ID, and audits it", async () => {
    const { organization, user } = await createTestTenant();
    const { credential } = await addTestPasskey(user.id);
    for (const settings of [
      { origin: "https://app.mailshield.test.evil" },
      { rpId: "mailshield.test" },
    ]) {
      const { attempt } = await signIn(credential, settings);
      expect(attempt).toEqual({ ok: false, reason: "not_accepted" });
    }
    const failures = await db.auditEvent.count({
      where: { organizationId: organization.id, action: "user.sign_in_failed" },
    });
    expect(failures).toBe(2);
  });

  it("refuses a counter that does not move forward (a cloned authenticator)", async () => {
    const { user } = await createTestTenant();
    const { credential } = await addTestPasskey(user.id);
    expect((await signIn(credential, { counter: 5 })).attempt.ok).toBe(true);
    expect((await signIn(credential, { counter: 5 })).attempt).toMatchObject({ ok: false });
    expect((await signIn(credential, { counter: 3 })).attempt).toMatchObject({ ok: false });
    expect((await signIn(credential, { counter: 6 })).attempt.ok).toBe(true);
  });

  it("refuses a passkey whose user handle names another person", async () => {
    const alice = await createTestTenant();
    const bob = await createTestTenant();
    const { credential } = await addTestPasskey(alice.user.id);
    const bobs = await addTestPasskey(bob.user.id);
    const { attempt } = await signIn(credential, { userHandle: bobs.credential.userHandle });
    expect(attempt).toEqual({ ok: false, reason: "not_accepted" });
  });

  it("answers malformed input with a refusal, not an error", async () => {
    for (const credentials of [
      undefined,
      { challengeId: "x", response: "{}" },
      { challengeId: crypto.randomUUID(), response: "not json" },
      {
        challengeId: crypto.randomUUID(),
        response: JSON.stringify({ id: "a", type: "public-key" }),
      },
    ]) {
      const attempt = await signInWithPasskey(
        credentials,
        { ip: uniqueIp() },
        { limiters: limiters() },
      );
      expect(attempt).toEqual({ ok: false, reason: "not_accepted" });
    }
  });

  it("counts refusals against the client IP's sign-in failures", async () => {
    const { user } = await createTestTenant();
    const { credential } = await addTestPasskey(user.id);
    const ip = uniqueIp();
    const strict = limiters();
    const limit = strict.ip.limit;
    for (let i = 0; i < limit; i++) {
      await signInWithPasskey({ challengeId: "nope" }, { ip }, { limiters: strict });
    }
    const { challengeId, options } = await startPasskeySignIn();
    const response = assert(credential, options.challenge, { origin: ORIGIN, rpId: RP_ID });
    const attempt = await signInWithPasskey(
      { challengeId, response: JSON.stringify(response) },
      { ip },
      { limiters: strict },
    );
    expect(attempt).toMatchObject({ ok: false, reason: "rate_limited" });
  });
});

describe("a passkey as the second factor (verifyPasskeyAssertionForUser)", () => {
  async function secondFactor(userId: string, credential: SoftCredential, forUserId = userId) {
    const { challengeId, options } = await startPasskeySecondFactor(userId);
    const response = assert(credential, options.challenge, { origin: ORIGIN, rpId: RP_ID });
    return verifyPasskeyAssertionForUser(forUserId, response, challengeId);
  }

  it("accepts the person's own passkey, once per challenge", async () => {
    const { user } = await createTestTenant();
    const { passkey, credential } = await addTestPasskey(user.id);
    const { challengeId, options } = await startPasskeySecondFactor(user.id);
    expect(options.allowCredentials?.map((allowed) => allowed.id)).toEqual([credential.id]);
    const response = assert(credential, options.challenge, { origin: ORIGIN, rpId: RP_ID });
    await expect(verifyPasskeyAssertionForUser(user.id, response, challengeId)).resolves.toEqual({
      passkeyId: passkey.id,
    });
    await expectAppError(
      verifyPasskeyAssertionForUser(user.id, response, challengeId),
      "bad_request",
    );
  });

  it("refuses another person's passkey, and a challenge issued to another person", async () => {
    const alice = await createTestTenant();
    const mallory = await createTestTenant();
    await addTestPasskey(alice.user.id);
    const mallorys = await addTestPasskey(mallory.user.id);
    // Mallory's own passkey, answering the challenge issued to Alice after her password.
    const { challengeId, options } = await startPasskeySecondFactor(alice.user.id);
    const response = assert(mallorys.credential, options.challenge, {
      origin: ORIGIN,
      rpId: RP_ID,
    });
    await expectAppError(
      verifyPasskeyAssertionForUser(alice.user.id, response, challengeId),
      "unauthorized",
      PASSKEY_NOT_ACCEPTED_MESSAGE,
    );
    // Mallory's challenge, presented as Alice's.
    await expectAppError(
      secondFactor(mallory.user.id, mallorys.credential, alice.user.id),
      "bad_request",
    );
  });

  it("refuses another origin", async () => {
    const { user } = await createTestTenant();
    const { credential } = await addTestPasskey(user.id);
    const { challengeId, options } = await startPasskeySecondFactor(user.id);
    const response = assert(credential, options.challenge, {
      origin: "https://evil.test",
      rpId: RP_ID,
    });
    await expectAppError(
      verifyPasskeyAssertionForUser(user.id, response, challengeId),
      "unauthorized",
    );
  });
});
