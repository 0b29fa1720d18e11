import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { totpCodeAt } from "@/lib/auth/totp";
import { clock } from "@/lib/clock";
import { db } from "@/lib/db";
import { createSignInLimiters } from "@/lib/rate-limit/sign-in-limits";
import { postgresStore } from "@/lib/rate-limit/test-stores";
import {
  addTestPasskey,
  configurePublicUrl,
  ORIGIN,
  RP_ID,
} from "@/lib/services/passkeys/test-passkeys";
import { completeTwoFactorSignIn } from "@/lib/services/sign-in/two-factor-sign-in";
import { signInWithLimits } from "@/lib/services/users/sign-in-with-limits";
import { beginTotpSetup, confirmTotpSetup } from "@/lib/services/users/two-factor-settings";
import { type HeldClock, holdClock } from "@/test/clock";
import { expectAppError } from "@/test/expect-app-error";
import { createTestTenant, TEST_PASSWORD } from "@/test/factories";
import { assert, type SoftCredential } from "@/test/webauthn-authenticator";
import {
  type Confirmation,
  confirmationMethods,
  confirmIdentity,
  startPasskeyConfirmation,
} from "./confirm-identity";
import { startSession } from "./records";

// "Confirm it's you" by each of its ways: the password, a code from the authenticator app
// (once, as at sign-in), a passkey of the person's own. Each right answer opens sudo mode in
// the session; each wrong one is refused on its field and counts against the account.

let restore: () => void;
beforeAll(() => {
  restore = configurePublicUrl();
});
afterAll(() => restore());
let held: HeldClock;
beforeEach(() => {
  held = holdClock();
});

const MINUTE = 60_000;

/** A person signed in an hour ago (sudo mode lapsed), with the factors asked for. */
async function person(factors: { totp?: boolean; passkey?: boolean } = {}) {
  const tenant = await createTestTenant();
  const userId = tenant.user.id;
  let secret: string | null = null;
  let credential: SoftCredential | null = null;
  if (factors.totp) {
    secret = (await beginTotpSetup(userId)).secret;
    await confirmTotpSetup({ userId, code: totpCodeAt(secret, clock.now()), ip: null });
  }
  if (factors.passkey) credential = (await addTestPasskey(userId)).credential;
  const { sessionId } = await startSession({ userId, ip: null, userAgent: null });
  held.advance(60 * MINUTE);
  const confirm = (confirmation: Confirmation) =>
    confirmIdentity({ userId, sessionId, confirmation });
  const confirmedAt = async () =>
    (await db.userSession.findUniqueOrThrow({ where: { id: sessionId } })).confirmedAt;
  return { ...tenant, sessionId, secret: secret ?? "", credential, confirm, confirmedAt };
}

/** The TOTP step after the one the setup's code spent. */
function nextCode(secret: string): string {
  held.advance(30_000);
  return totpCodeAt(secret, clock.now());
}

describe("the ways a person can confirm", () => {
  it("are the password always, a code with an authenticator app, a passkey with a passkey", async () => {
    const plain = await person();
    const app = await person({ totp: true });
    const both = await person({ totp: true, passkey: true });
    await expect(confirmationMethods(plain.user.id)).resolves.toEqual(["password"]);
    await expect(confirmationMethods(app.user.id)).resolves.toEqual([
      "password",
      "authentication_code",
    ]);
    await expect(confirmationMethods(both.user.id)).resolves.toEqual([
      "password",
      "authentication_code",
      "passkey",
    ]);
  });

  it("refuse a way the person does not have, whatever it carries", async () => {
    const plain = await person();
    await expectAppError(
      plain.confirm({ method: "authentication_code", code: "123456" }),
      "bad_request",
    );
    await expectAppError(
      plain.confirm({ method: "passkey", challengeId: crypto.randomUUID(), response: "{}" }),
      "bad_request",
    );
    expect(await plain.confirmedAt()).not.toEqual(clock.now());
  });
});

describe("confirming with an authentication code", () => {
  it("opens sudo mode with the current code from the app", async () => {
    const p = await person({ totp: true });
    const { confirmedAt } = await p.confirm({
      method: "authentication_code",
      code: nextCode(p.secret),
    });
    expect(confirmedAt).toEqual(clock.now());
    expect(await p.confirmedAt()).toEqual(clock.now());
  });

  it("refuses a wrong code on the code field, and a code already used (here or at sign-in)", async () => {
    const p = await person({ totp: true });
    const wrong = await expectAppError(
      p.confirm({ method: "authentication_code", code: "000000" }),
      "validation_error",
    );
    expect(wrong.fieldErrors).toEqual({ code: ["That code is incorrect or has expired"] });

    const code = nextCode(p.secret);
    await p.confirm({ method: "authentication_code", code });
    held.advance(5_000);
    // The same code, still inside its window: replayed, refused.
    await expectAppError(p.confirm({ method: "authentication_code", code }), "validation_error");

    // A code that just signed someone in cannot confirm a session too.
    const limiters = createSignInLimiters(postgresStore());
    const step = await signInWithLimits(
      { email: p.user.email, password: TEST_PASSWORD },
      { ip: null },
      { limiters },
    );
    if (step.ok || step.reason !== "two_factor_required") throw new Error("expected a challenge");
    const signInCode = nextCode(p.secret);
    const signedIn = await completeTwoFactorSignIn(
      step.challenge,
      { kind: "totp", code: signInCode },
      { ip: null },
      { limiters },
    );
    expect(signedIn.ok).toBe(true);
    await expectAppError(
      p.confirm({ method: "authentication_code", code: signInCode }),
      "validation_error",
    );
  });

  it("counts wrong codes against the account's limit", async () => {
    const p = await person({ totp: true });
    for (let i = 0; i < 10; i += 1) {
      await expectAppError(
        p.confirm({ method: "authentication_code", code: String(100000 + i) }),
        "validation_error",
      );
    }
    await expectAppError(
      p.confirm({ method: "authentication_code", code: nextCode(p.secret) }),
      "rate_limited",
    );
    // The password, too: it is the same account.
    await expectAppError(
      p.confirm({ method: "password", password: TEST_PASSWORD }),
      "rate_limited",
    );
  });
});

describe("confirming with a passkey", () => {
  async function answer(userId: string, credential: SoftCredential) {
    const { challengeId, options } = await startPasskeyConfirmation(userId, null);
    const response = assert(credential, options.challenge, { origin: ORIGIN, rpId: RP_ID });
    return { method: "passkey" as const, challengeId, response: JSON.stringify(response) };
  }

  it("opens sudo mode with the person's own passkey, once per challenge", async () => {
    const p = await person({ passkey: true });
    const { options } = await startPasskeyConfirmation(p.user.id, null);
    expect(options.userVerification).toBe("preferred");
    expect(options.allowCredentials).toHaveLength(1);

    const proof = await answer(p.user.id, p.credential as SoftCredential);
    await p.confirm(proof);
    expect(await p.confirmedAt()).toEqual(clock.now());
    held.advance(MINUTE);
    await expectAppError(p.confirm(proof), "bad_request");
    expect(await p.confirmedAt()).not.toEqual(clock.now());
  });

  it("refuses another person's passkey and a forged answer, and counts them", async () => {
    const p = await person({ passkey: true });
    const mallory = await person({ passkey: true });
    const foreign = await answer(mallory.user.id, mallory.credential as SoftCredential);
    // Mallory's answer, for Mallory's challenge, sent as p's: the challenge is not p's.
    await expectAppError(p.confirm(foreign), "bad_request");
    // Mallory's passkey answering p's challenge: a wrong answer.
    const { challengeId, options } = await startPasskeyConfirmation(p.user.id, null);
    const signed = assert(mallory.credential as SoftCredential, options.challenge, {
      origin: ORIGIN,
      rpId: RP_ID,
    });
    const refused = await expectAppError(
      p.confirm({ method: "passkey", challengeId, response: JSON.stringify(signed) }),
      "validation_error",
    );
    expect(refused.fieldErrors).toHaveProperty("form");

    for (const response of ["not json", "{}", JSON.stringify({ id: 1 }), "[]", "null"]) {
      const fresh = await startPasskeyConfirmation(p.user.id, null);
      await expectAppError(
        p.confirm({ method: "passkey", challengeId: fresh.challengeId, response }),
        "validation_error",
      );
    }
    // 1 + 5 wrong answers so far; the account allows 10.
    for (let i = 0; i < 4; i += 1) {
      await expectAppError(
        p.confirm({ method: "password", password: `wrong ${i}` }),
        "validation_error",
      );
    }
    await expectAppError(
      p.confirm(await answer(p.user.id, p.credential as SoftCredential)),
      "rate_limited",
    );
  });
});
