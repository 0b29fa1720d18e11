import { describe, expect, it } from "vitest";
import { verifyPassword } from "@/lib/auth/password";
import { COMMON_PASSWORD_MESSAGE } from "@/lib/auth/password-strength";
import { db } from "@/lib/db";
import { isAppError } from "@/lib/errors";
import { createSignInLimiters } from "@/lib/rate-limit/sign-in-limits";
import { postgresStore } from "@/lib/rate-limit/test-stores";
import { authenticateWithPassword } from "@/lib/services/users/authenticate";
import {
  type ChangePasswordDependencies,
  changePassword,
  WRONG_CURRENT_PASSWORD_MESSAGE,
} from "@/lib/services/users/change-password";
import { changePasswordSchema } from "@/lib/validations/auth";
import { createTestOrganization, createTestTenant, TEST_PASSWORD } from "@/test/factories";

const NEW_PASSWORD = "tangerine orbit quietly 42";

function input(currentPassword: string, newPassword = NEW_PASSWORD) {
  return changePasswordSchema.parse({
    currentPassword,
    newPassword,
    confirmPassword: newPassword,
  });
}

async function attempt(
  tenant: Awaited<ReturnType<typeof createTestTenant>>,
  currentPassword: string,
  newPassword?: string,
  dependencies: Partial<ChangePasswordDependencies> = {},
) {
  return changePassword(
    {
      userId: tenant.user.id,
      input: input(currentPassword, newPassword),
      ip: "192.0.2.10",
    },
    { limiters: createSignInLimiters(postgresStore()), ...dependencies },
  ).catch((error: unknown) => error);
}

describe("changePassword", () => {
  it("replaces the password, ends every earlier session and records an audit event", async () => {
    const tenant = await createTestTenant();
    const result = await attempt(tenant, TEST_PASSWORD);
    expect(result).toEqual({ sessionVersion: 1 });

    const user = await db.user.findUniqueOrThrow({ where: { id: tenant.user.id } });
    expect(user.sessionVersion).toBe(1);
    await expect(verifyPassword(user.passwordHash, NEW_PASSWORD)).resolves.toBe(true);
    await expect(
      authenticateWithPassword({ email: user.email, password: TEST_PASSWORD }),
    ).resolves.toBeNull();
    const events = await db.auditEvent.findMany({
      where: { organizationId: tenant.organization.id, action: "user.password_changed" },
    });
    expect(events).toHaveLength(1);
    expect(JSON.stringify(events)).not.toContain(NEW_PASSWORD);
  });

  it("records the change in every organization the user belongs to, as sign-ins are", async () => {
    const tenant = await createTestTenant();
    const other = await createTestOrganization();
    await db.membership.create({
      data: { organizationId: other.id, userId: tenant.user.id, role: "MEMBER" },
    });
    await attempt(tenant, TEST_PASSWORD);
    const events = await db.auditEvent.findMany({
      where: { actorId: tenant.user.id, action: "user.password_changed" },
      select: { organizationId: true },
    });
    expect(events.map((event) => event.organizationId).sort()).toEqual(
      [tenant.organization.id, other.id].sort(),
    );
  });

  it("refuses a wrong current password and changes nothing", async () => {
    const tenant = await createTestTenant();
    const error = await attempt(tenant, "not my password at all");
    expect(isAppError(error) && error.fieldErrors?.currentPassword).toEqual([
      WRONG_CURRENT_PASSWORD_MESSAGE,
    ]);
    const user = await db.user.findUniqueOrThrow({ where: { id: tenant.user.id } });
    expect(user.sessionVersion).toBe(0);
    await expect(verifyPassword(user.passwordHash, TEST_PASSWORD)).resolves.toBe(true);
  });

  it("refuses a common new password", async () => {
    const tenant = await createTestTenant();
    const error = await attempt(tenant, TEST_PASSWORD, "password1234");
    expect(isAppError(error) && error.fieldErrors?.newPassword).toEqual([COMMON_PASSWORD_MESSAGE]);
  });

  it("stops guessing the current password after 10 wrong attempts", async () => {
    const tenant = await createTestTenant();
    const limiters = createSignInLimiters(postgresStore());
    for (let i = 0; i < 10; i += 1) {
      await attempt(tenant, `guess number ${i}`, undefined, { limiters });
    }
    const error = await attempt(tenant, TEST_PASSWORD, undefined, { limiters });
    expect(isAppError(error) && error.code).toBe("rate_limited");
  });

  it("verifies at most 10 of 30 concurrent wrong current passwords (reserved first)", async () => {
    const tenant = await createTestTenant();
    const limiters = createSignInLimiters(postgresStore());
    let verifications = 0;
    const countingVerify = (hash: string, password: string) => {
      verifications += 1;
      return verifyPassword(hash, password);
    };
    const errors = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        attempt(tenant, `guess number ${i}`, undefined, {
          limiters,
          verifyPassword: countingVerify,
        }),
      ),
    );
    expect(verifications).toBeLessThanOrEqual(10);
    const codes = errors.map((error) => (isAppError(error) ? error.code : "unexpected"));
    expect(codes.filter((code) => code === "validation_error")).toHaveLength(verifications);
    expect(codes.filter((code) => code === "rate_limited")).toHaveLength(30 - verifications);
  }, 60_000);

  it("does not count a successful check against the account", async () => {
    const tenant = await createTestTenant();
    const limiters = createSignInLimiters(postgresStore());
    for (let i = 0; i < 9; i += 1) {
      await attempt(tenant, `guess number ${i}`, undefined, { limiters });
    }
    await expect(attempt(tenant, TEST_PASSWORD, undefined, { limiters })).resolves.toEqual({
      sessionVersion: 1,
    });
    // The ninth failure plus the released success leave one attempt before the lock.
    const last = await attempt(tenant, NEW_PASSWORD, "another fine passphrase 7", { limiters });
    expect(last).toEqual({ sessionVersion: 2 });
  });
});

describe("changePasswordSchema", () => {
  it("requires the confirmation to match and the new password to differ", () => {
    const mismatch = changePasswordSchema.safeParse({
      currentPassword: TEST_PASSWORD,
      newPassword: NEW_PASSWORD,
      confirmPassword: `${NEW_PASSWORD}!`,
    });
    expect(mismatch.error?.issues.map((issue) => issue.path[0])).toEqual(["confirmPassword"]);
    const same = changePasswordSchema.safeParse({
      currentPassword: TEST_PASSWORD,
      newPassword: TEST_PASSWORD,
      confirmPassword: TEST_PASSWORD,
    });
    expect(same.error?.issues.map((issue) => issue.message)).toEqual([
      "Choose a password different from your current one",
    ]);
  });
});
