import { randomInt } from "node:crypto";
import { describe, expect, it, vi } from "vitest";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { db } from "@/lib/db";
import { AppError, isAppError } from "@/lib/errors";
import { SignUpLimiter } from "@/lib/rate-limit/sign-up-limits";
import { minuteClock, postgresStore } from "@/lib/rate-limit/test-stores";
import { createInvitation } from "@/lib/services/invitations/create-invitation";
import { signUp } from "@/lib/services/users/sign-up";
import { invitedSignUpSchema, signUpSchema } from "@/lib/validations/auth";
import { createTestTenant, uniqueSuffix } from "@/test/factories";

// The real hash, counted: the limit must refuse before this expensive step.
vi.mock("@/lib/auth/password", async (importOriginal) => {
  const actual = await importOriginal<typeof import("@/lib/auth/password")>();
  return { ...actual, hashPassword: vi.fn(actual.hashPassword) };
});

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
    const { userId, organizationId } = await signUp(input, null);

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
    const { userId } = await signUp(signUpInput({ email: `  ${local}@Example.TEST ` }), null);
    const user = await db.user.findUniqueOrThrow({ where: { id: userId } });
    expect(user.email).toBe(`${local.toLowerCase()}@example.test`);
  });

  it("rejects a second account with the same email, in any letter case, creating nothing", async () => {
    const email = `dup-${uniqueSuffix()}@example.test`;
    await signUp(signUpInput({ email }), null);
    const organizationName = `Second Org ${uniqueSuffix()}`;

    const error = await signUp(
      signUpInput({ email: email.toUpperCase(), organizationName }),
      null,
    ).catch((caught: unknown) => caught);
    expect(isAppError(error) && error.code).toBe("conflict");
    expect(isAppError(error) && error.fieldErrors?.email?.[0]).toMatch(/already exists/);
    await expect(db.organization.count({ where: { name: organizationName } })).resolves.toBe(0);
  });

  it("keeps the database unique even when two sign-ups race", async () => {
    const email = `race-${uniqueSuffix()}@example.test`;
    const results = await Promise.allSettled([
      signUp(signUpInput({ email }), null),
      signUp(signUpInput({ email }), null),
    ]);
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    const rejected = results.find((result) => result.status === "rejected");
    expect(rejected && isAppError(rejected.reason) && rejected.reason.code).toBe("conflict");
    await expect(db.user.count({ where: { email } })).resolves.toBe(1);
  });
});

describe("signUp through an invitation", () => {
  async function invited(role: "MEMBER" | "ADMIN" = "MEMBER") {
    const { organization, user: owner } = await createTestTenant();
    const email = `invited-${uniqueSuffix()}@example.test`;
    const { code, invitation } = await createInvitation(
      { principal: { kind: "user", userId: owner.id, ip: null }, organizationId: organization.id },
      { email, role },
    );
    const input = (overrides: Partial<Record<string, string>> = {}) =>
      invitedSignUpSchema.parse({
        name: "Grace Hopper",
        email,
        password: "a long enough password",
        invitationCode: code,
        ...overrides,
      });
    return { organization, owner, email, code, invitation, input };
  }

  it("creates the user as a member of the inviting organization, with no organization of their own", async () => {
    const { organization, invitation, input, email } = await invited("ADMIN");
    // A network of its own, so the per-IP sign-up limit never applies across runs.
    const ip = `2001:db8:${randomInt(1, 0xffff).toString(16)}:${randomInt(1, 0xffff).toString(16)}::80`;
    const { userId, organizationId } = await signUp(input(), ip);

    expect(organizationId).toBe(organization.id);
    // One membership only: no organization of their own was created.
    const memberships = await db.membership.findMany({ where: { userId } });
    expect(memberships).toMatchObject([{ organizationId: organization.id, role: "ADMIN" }]);
    await expect(
      db.invitation.findUniqueOrThrow({ where: { id: invitation.id } }),
    ).resolves.toMatchObject({ acceptedById: userId });
    const joined = await db.auditEvent.findMany({
      where: { organizationId: organization.id, action: "member.joined" },
    });
    expect(joined).toMatchObject([{ actorId: userId, ip, metadata: { email } }]);
  });

  it("creates nothing when the invitation is revoked, used or for another address", async () => {
    const { invitation, input, email } = await invited();
    const other = `other-${uniqueSuffix()}@example.test`;
    const error = await signUp(input({ email: other }), null).catch((caught: unknown) => caught);
    expect(isAppError(error) && error.fieldErrors?.email?.[0]).toBe(
      `This invitation is for ${email}. Sign up with that address.`,
    );
    await expect(db.user.count({ where: { email: other } })).resolves.toBe(0);

    await db.invitation.update({ where: { id: invitation.id }, data: { revokedAt: new Date() } });
    const revoked = await signUp(input(), null).catch((caught: unknown) => caught);
    expect(isAppError(revoked) && revoked.message).toMatch(/^This invitation was revoked\./);
    await expect(db.user.count({ where: { email } })).resolves.toBe(0);
  });

  it("uses the invitation once when two sign-ups race", async () => {
    const { organization, input, email } = await invited();
    const results = await Promise.allSettled([signUp(input(), null), signUp(input(), null)]);
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    await expect(db.user.count({ where: { email } })).resolves.toBe(1);
    await expect(
      db.membership.count({ where: { organizationId: organization.id, user: { email } } }),
    ).resolves.toBe(1);
  });

  it("refuses a malformed code in the schema, and an unknown one in the service", async () => {
    const { input } = await invited();
    expect(invitedSignUpSchema.safeParse({ ...input(), invitationCode: "x" }).success).toBe(false);
    const error = await signUp(input({ invitationCode: "C".repeat(43) }), null).catch(
      (caught: unknown) => caught,
    );
    expect(isAppError(error) && error.code).toBe("not_found");
  });
});

describe("sign-up limit per IP (5 per hour)", () => {
  // A fresh limiter on the real store and a random /64 per test, so tests never share counts.
  function setup() {
    const clock = minuteClock();
    return {
      clock,
      limiter: new SignUpLimiter({ store: postgresStore(), limit: 5, now: clock.now }),
      ip: `2001:db8:${randomInt(1, 0xffff).toString(16)}:${randomInt(1, 0xffff).toString(16)}::1`,
    };
  }

  async function refusal(promise: Promise<unknown>): Promise<AppError> {
    const error = await promise.then(
      () => new Error("expected the sign-up to be refused"),
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }

  it("refuses the 6th sign-up from one IP with the wait in minutes, before hashing or writing", async () => {
    const { limiter, ip } = setup();
    for (let i = 0; i < 5; i += 1) await signUp(signUpInput(), ip, limiter);

    const hashes = vi.mocked(hashPassword).mock.calls.length;
    const input = signUpInput();
    const error = await refusal(signUp(input, ip, limiter));
    expect(error.code).toBe("rate_limited");
    expect(error.message).toMatch(
      /^Too many accounts created from this network; try again in \d+ minutes?\.$/,
    );
    expect(Number(error.headers?.["Retry-After"])).toBeLessThanOrEqual(60 * 60);
    expect(vi.mocked(hashPassword).mock.calls.length).toBe(hashes);
    await expect(db.user.count({ where: { email: input.email } })).resolves.toBe(0);

    // Another network is unaffected.
    await expect(signUp(signUpInput(), setup().ip, limiter)).resolves.toBeDefined();
  });

  it("counts an IPv6 /64 as one client, and starts again in the next hour", async () => {
    const { clock, limiter, ip } = setup();
    const prefix = ip.replace(/::1$/, "");
    for (let i = 0; i < 5; i += 1) await signUp(signUpInput(), `${prefix}::${i + 10}`, limiter);
    expect((await refusal(signUp(signUpInput(), `${prefix}::abcd`, limiter))).code).toBe(
      "rate_limited",
    );
    clock.advance(60 * 60_000);
    await expect(signUp(signUpInput(), `${prefix}::abcd`, limiter)).resolves.toBeDefined();
  });

  it("counts attempts with an existing email too, so accounts cannot be probed past the limit", async () => {
    const { limiter, ip } = setup();
    const email = `probed-${uniqueSuffix()}@example.test`;
    await signUp(signUpInput({ email }), null);
    for (let i = 0; i < 5; i += 1) {
      expect((await refusal(signUp(signUpInput({ email }), ip, limiter))).code).toBe("conflict");
    }
    const error = await refusal(signUp(signUpInput({ email }), ip, limiter));
    expect(error.code).toBe("rate_limited");
    expect(error.message).not.toMatch(/already exists/);
  });

  it("creates at most 5 accounts when 20 sign-ups from one IP race", async () => {
    const { limiter, ip } = setup();
    const inputs = Array.from({ length: 20 }, () => signUpInput());
    const results = await Promise.allSettled(inputs.map((input) => signUp(input, ip, limiter)));

    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(5);
    for (const result of results) {
      if (result.status === "rejected")
        expect(result.reason).toMatchObject({ code: "rate_limited" });
    }
    const emails = inputs.map((input) => input.email);
    await expect(db.user.count({ where: { email: { in: emails } } })).resolves.toBe(5);
  }, 60_000);
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
