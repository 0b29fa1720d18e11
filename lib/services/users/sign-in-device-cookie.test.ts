import { randomInt } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createSignInLimiters } from "@/lib/rate-limit/sign-in-limits";
import { postgresStore } from "@/lib/rate-limit/test-stores";
import { changePassword } from "@/lib/services/users/change-password";
import { type SignInAttempt, signInWithLimits } from "@/lib/services/users/sign-in-with-limits";
import { changePasswordSchema } from "@/lib/validations/auth";
import { createTestTenant, TEST_PASSWORD } from "@/test/factories";

// The owner's own browser keeps working while strangers' failures lock the account
// (device cookies), and a device cookie is no guessing tool of its own.

function randomIp(): string {
  return `2001:db8:${randomInt(1, 0xffff).toString(16)}:${randomInt(1, 0xffff).toString(16)}::1`;
}

async function setup() {
  const { user, organization } = await createTestTenant();
  const limiters = createSignInLimiters(postgresStore());
  const signIn = (password: string, deviceCookie?: string | null) =>
    signInWithLimits(
      { email: user.email, password },
      { ip: randomIp(), deviceCookie },
      {
        limiters,
      },
    );
  // The owner signs in once on their own browser, which keeps the device cookie.
  const first = await signIn(TEST_PASSWORD);
  const ownBrowser = deviceCookieOf(first);
  const lockAccount = async () => {
    for (let i = 0; i < 10; i += 1) await signIn(`stranger's guess ${i}`);
    await expect(signIn(TEST_PASSWORD)).resolves.toMatchObject({ reason: "rate_limited" });
  };
  return { user, organization, signIn, ownBrowser, lockAccount };
}

function deviceCookieOf(attempt: SignInAttempt): string {
  if (!attempt.ok) throw new Error(`sign-in failed: ${attempt.reason}`);
  return attempt.deviceCookie;
}

describe("sign-in with a device cookie", () => {
  it("lets a browser that signed in before sign in while strangers have locked the account", async () => {
    const { signIn, ownBrowser, lockAccount } = await setup();
    await lockAccount();
    const again = await signIn(TEST_PASSWORD, ownBrowser);
    expect(again).toMatchObject({ ok: true });
    // Each success hands the browser a fresh cookie, which works the same.
    await expect(signIn(TEST_PASSWORD, deviceCookieOf(again))).resolves.toMatchObject({ ok: true });
    // A fresh browser is still refused, and the owner's success did not unlock it.
    await expect(signIn(TEST_PASSWORD)).resolves.toMatchObject({ reason: "rate_limited" });
    await expect(signIn(TEST_PASSWORD, null)).resolves.toMatchObject({ reason: "rate_limited" });
  });

  it("does not let a cookie of another account, or a forged one, past the lock", async () => {
    const { signIn, lockAccount, ownBrowser } = await setup();
    const other = await setup();
    await lockAccount();
    await expect(signIn(TEST_PASSWORD, other.ownBrowser)).resolves.toMatchObject({
      reason: "rate_limited",
    });
    const forged = `${ownBrowser.slice(0, ownBrowser.lastIndexOf(".") + 1)}${"A".repeat(43)}`;
    await expect(signIn(TEST_PASSWORD, forged)).resolves.toMatchObject({
      reason: "rate_limited",
    });
  });

  it("gives each device cookie only 5 wrong passwords, then treats it like any browser", async () => {
    const { signIn, ownBrowser } = await setup();
    for (let i = 0; i < 5; i += 1) {
      await expect(signIn(`thief's guess ${i}`, ownBrowser)).resolves.toEqual({
        ok: false,
        reason: "invalid_credentials",
      });
    }
    // The cookie's failures did not count against the account: it is not locked...
    await expect(signIn(TEST_PASSWORD)).resolves.toMatchObject({ ok: true });
    // ...and the used-up cookie now counts against the account like any browser.
    for (let i = 0; i < 10; i += 1) await signIn(`thief's guess ${i}`, ownBrowser);
    await expect(signIn(TEST_PASSWORD, ownBrowser)).resolves.toMatchObject({
      reason: "rate_limited",
    });
  });

  it("stops accepting the device cookies of an account whose password changed", async () => {
    const { user, signIn, ownBrowser, lockAccount } = await setup();
    const newPassword = "saffron pylon evenings 58";
    await changePassword({
      userId: user.id,
      input: changePasswordSchema.parse({
        currentPassword: TEST_PASSWORD,
        newPassword,
        confirmPassword: newPassword,
      }),
      ip: null,
    });
    await lockAccount();
    await expect(signIn(newPassword, ownBrowser)).resolves.toMatchObject({
      reason: "rate_limited",
    });
  });
});
