import { randomInt } from "node:crypto";
import { describe, expect, it } from "vitest";
import { messageForTooManyAttempts, tooManyAttemptsError } from "@/lib/auth/sign-in-messages";
import { createSignInLimiters } from "@/lib/rate-limit/sign-in-limits";
import { postgresStore } from "@/lib/rate-limit/test-stores";
import { authenticateWithPassword } from "@/lib/services/users/authenticate";
import { signInWithLimits } from "@/lib/services/users/sign-in-with-limits";
import { createTestTenant, TEST_PASSWORD, uniqueSuffix } from "@/test/factories";

// Fresh limiters per test and a random documentation-range IP, so tests never share counts.
function setup() {
  return {
    limiters: createSignInLimiters(postgresStore()),
    // A different /64 each time: IPv6 clients are limited per /64.
    ip: `2001:db8:${randomInt(1, 0xffff).toString(16)}:${randomInt(1, 0xffff).toString(16)}::1`,
  };
}

describe("sign-in rate limiting (10 failures per account, 50 per IP, per 15 minutes)", () => {
  it("refuses even the right password after 10 failures for the account", async () => {
    const { user } = await createTestTenant();
    const { limiters, ip } = setup();
    for (let i = 0; i < 10; i += 1) {
      await expect(
        signInWithLimits({ email: user.email, password: `wrong ${i}` }, { ip }, { limiters }),
      ).resolves.toEqual({ ok: false, reason: "invalid_credentials" });
    }
    const refused = await signInWithLimits(
      { email: user.email, password: TEST_PASSWORD },
      { ip: `2001:db8:ffff:${randomInt(1, 0xffff).toString(16)}::1` },
      { limiters },
    );
    expect(refused).toMatchObject({ ok: false, reason: "rate_limited" });
    if (refused.ok || refused.reason !== "rate_limited") throw new Error("unreachable");
    expect(refused.retryAfterSeconds).toBeGreaterThan(0);
    expect(refused.retryAfterSeconds).toBeLessThanOrEqual(15 * 60);
    // What the sign-in form shows: generic, with the wait in minutes.
    expect(messageForTooManyAttempts(tooManyAttemptsError(refused.retryAfterSeconds))).toMatch(
      /^Too many sign-in attempts\. Try again in \d+ minutes?\.$/,
    );
  });

  it("answers an unknown email exactly like an existing one (no account enumeration)", async () => {
    const { limiters, ip } = setup();
    const email = `nobody-${uniqueSuffix()}@example.test`;
    const results = [];
    for (let i = 0; i < 11; i += 1) {
      results.push(await signInWithLimits({ email, password: `wrong ${i}` }, { ip }, { limiters }));
    }
    expect(results.slice(0, 10).every((r) => !r.ok && r.reason === "invalid_credentials")).toBe(
      true,
    );
    expect(results[10]).toMatchObject({ ok: false, reason: "rate_limited" });
  });

  it("counts the account by email case-insensitively", async () => {
    const { user } = await createTestTenant();
    const { limiters, ip } = setup();
    for (let i = 0; i < 10; i += 1) {
      const email = i % 2 ? user.email.toUpperCase() : ` ${user.email}`;
      await signInWithLimits({ email, password: "wrong" }, { ip }, { limiters });
    }
    await expect(
      signInWithLimits({ email: user.email, password: TEST_PASSWORD }, { ip }, { limiters }),
    ).resolves.toMatchObject({ reason: "rate_limited" });
  });

  it("blocks an IP after 50 failures across many accounts, but not other IPs", async () => {
    const { user } = await createTestTenant();
    const { limiters, ip } = setup();
    for (let i = 0; i < 50; i += 1) {
      await signInWithLimits(
        { email: `spray-${i}-${uniqueSuffix()}@example.test`, password: "x" },
        { ip },
        { limiters },
      );
    }
    await expect(
      signInWithLimits({ email: user.email, password: TEST_PASSWORD }, { ip }, { limiters }),
    ).resolves.toMatchObject({ ok: false, reason: "rate_limited" });
    await expect(
      signInWithLimits(
        { email: user.email, password: TEST_PASSWORD },
        { ip: `2001:db8:fffe:${randomInt(1, 0xffff).toString(16)}::1` },
        { limiters },
      ),
    ).resolves.toMatchObject({ ok: true });
  }, 60_000);

  it("verifies at most 10 of 30 concurrent wrong passwords for one account (reserved first)", async () => {
    const { user } = await createTestTenant();
    const { limiters } = setup();
    let verifications = 0;
    const authenticate = (credentials: unknown) => {
      verifications += 1;
      return authenticateWithPassword(credentials);
    };
    // From 30 different addresses, so only the account limit stands in the way.
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        signInWithLimits(
          { email: user.email, password: `wrong ${i}` },
          { ip: `192.0.2.${i + 1}` },
          {
            limiters,
            authenticate,
          },
        ),
      ),
    );
    expect(verifications).toBeLessThanOrEqual(10);
    expect(results.filter((r) => !r.ok && r.reason === "invalid_credentials")).toHaveLength(
      verifications,
    );
    expect(results.filter((r) => !r.ok && r.reason === "rate_limited")).toHaveLength(
      30 - verifications,
    );
    // And the account is locked now, for the right password too.
    await expect(
      signInWithLimits(
        { email: user.email, password: TEST_PASSWORD },
        { ip: "192.0.2.99" },
        {
          limiters,
          authenticate,
        },
      ),
    ).resolves.toMatchObject({ reason: "rate_limited" });
    expect(verifications).toBeLessThanOrEqual(10);
  }, 60_000);

  it("gives an attempt back when it could not be verified (not the client's failure)", async () => {
    const { user } = await createTestTenant();
    const { limiters, ip } = setup();
    const broken = async () => {
      throw new Error("database unavailable");
    };
    for (let i = 0; i < 12; i += 1) {
      await expect(
        signInWithLimits(
          { email: user.email, password: TEST_PASSWORD },
          { ip },
          {
            limiters,
            authenticate: broken,
          },
        ),
      ).rejects.toThrow("database unavailable");
    }
    await expect(
      signInWithLimits({ email: user.email, password: TEST_PASSWORD }, { ip }, { limiters }),
    ).resolves.toMatchObject({ ok: true });
  });

  it("clears the account's failures after a successful sign-in", async () => {
    const { user } = await createTestTenant();
    const { limiters, ip } = setup();
    for (let i = 0; i < 9; i += 1) {
      await signInWithLimits({ email: user.email, password: "wrong" }, { ip }, { limiters });
    }
    await expect(
      signInWithLimits({ email: user.email, password: TEST_PASSWORD }, { ip }, { limiters }),
    ).resolves.toMatchObject({ ok: true });
    for (let i = 0; i < 9; i += 1) {
      await signInWithLimits({ email: user.email, password: "wrong" }, { ip }, { limiters });
    }
    await expect(
      signInWithLimits({ email: user.email, password: TEST_PASSWORD }, { ip }, { limiters }),
    ).resolves.toMatchObject({ ok: true });
  });
});

describe("messageForTooManyAttempts", () => {
  it("reads only its own code and clamps the minutes a crafted URL could claim", () => {
    expect(messageForTooManyAttempts("TooManySignInAttempts:1")).toBe(
      "Too many sign-in attempts. Try again in 1 minute.",
    );
    expect(messageForTooManyAttempts("TooManySignInAttempts:9999")).toBe(
      "Too many sign-in attempts. Try again in 15 minutes.",
    );
    expect(messageForTooManyAttempts("CredentialsSignin")).toBeNull();
    expect(messageForTooManyAttempts("TooManySignInAttempts:<script>")).toBeNull();
  });
});
