import { describe, expect, it } from "vitest";
import { verifyPassword } from "@/lib/auth/password";
import { db } from "@/lib/db";
import { isAppError } from "@/lib/errors";
import { signUp } from "@/lib/services/users/sign-up";
import { signUpSchema } from "@/lib/validations/auth";
import { uniqueSuffix } from "@/test/factories";

function signUpInput(overrides: Partial<Record<string, string>> = {}) {
  return signUpSchema.parse({
    name: "Ada Lovelace",
    organizationName: `Analytical Engines ${uniqueSuffix()}`,
    email: `ada-${uniqueSuffix()}@example.test`,
    password: "a long enough password",
    ...overrides,
  });
}

describe("signUp", () => {
  it("creates the user, an organization on the Free plan, and an owner membership", async () => {
    const input = signUpInput();
    const { userId, organizationId } = await signUp(input);

    const user = await db.user.findUniqueOrThrow({
      where: { id: userId },
      include: { memberships: { include: { organization: true } } },
    });
    expect(user.email).toBe(input.email);
    expect(user.name).toBe("Ada Lovelace");
    expect(user.memberships).toHaveLength(1);
    expect(user.memberships[0]).toMatchObject({
      role: "OWNER",
      organizationId,
      organization: { name: input.organizationName, plan: "FREE" },
    });
    // The password is stored only as an argon2id hash.
    expect(user.passwordHash).toMatch(/^\$argon2id\$/);
    expect(user.passwordHash).not.toContain(input.password);
    await expect(verifyPassword(user.passwordHash, input.password)).resolves.toBe(true);
  });

  it("stores the email trimmed and lower-cased", async () => {
    const local = `Grace-${uniqueSuffix()}`;
    const { userId } = await signUp(signUpInput({ email: `  ${local}@Example.TEST ` }));
    const user = await db.user.findUniqueOrThrow({ where: { id: userId } });
    expect(user.email).toBe(`${local.toLowerCase()}@example.test`);
  });

  it("rejects a second account with the same email, in any letter case, creating nothing", async () => {
    const email = `dup-${uniqueSuffix()}@example.test`;
    await signUp(signUpInput({ email }));
    const organizationName = `Second Org ${uniqueSuffix()}`;

    const error = await signUp(signUpInput({ email: email.toUpperCase(), organizationName })).catch(
      (caught: unknown) => caught,
    );
    expect(isAppError(error) && error.code).toBe("conflict");
    expect(isAppError(error) && error.fieldErrors?.email?.[0]).toMatch(/already exists/);
    await expect(db.organization.count({ where: { name: organizationName } })).resolves.toBe(0);
  });

  it("keeps the database unique even when two sign-ups race", async () => {
    const email = `race-${uniqueSuffix()}@example.test`;
    const results = await Promise.allSettled([
      signUp(signUpInput({ email })),
      signUp(signUpInput({ email })),
    ]);
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    const rejected = results.find((result) => result.status === "rejected");
    expect(rejected && isAppError(rejected.reason) && rejected.reason.code).toBe("conflict");
    await expect(db.user.count({ where: { email } })).resolves.toBe(1);
  });
});

describe("signUpSchema", () => {
  it("explains the minimum password length", () => {
    const result = signUpSchema.safeParse({
      name: "A",
      organizationName: "B",
      email: "a@example.test",
      password: "short",
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe("Use at least 12 characters for your password");
  });

  it("rejects a malformed email and blank names", () => {
    const result = signUpSchema.safeParse({
      name: "   ",
      organizationName: "",
      email: "not-an-email",
      password: "a long enough password",
    });
    const fields = result.error?.issues.map((issue) => issue.path[0]).sort();
    expect(fields).toEqual(["email", "name", "organizationName"]);
  });
});
