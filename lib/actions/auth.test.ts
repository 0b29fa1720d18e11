import { randomInt } from "node:crypto";
import { afterAll, beforeEach, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import { uniqueSuffix } from "@/test/factories";

// Sign-up against the real database. Only the request-bound parts are replaced: the cookie
// store and the client IP (a fresh one per test, so the per-IP sign-up limit never applies).

const cookieJar = vi.hoisted(() => ({ set: vi.fn() }));
vi.mock("next/headers", () => ({ cookies: async () => cookieJar }));
vi.mock("@/lib/auth/request-ip", () => ({
  getRequestIp: async () => `198.51.100.${randomInt(1, 255)}`,
}));

const { signUpAction } = await import("./auth");

function form(values: Record<string, string>): FormData {
  const data = new FormData();
  for (const [name, value] of Object.entries(values)) data.set(name, value);
  return data;
}

function signUpFields(overrides: Record<string, string> = {}) {
  return {
    name: "Ada Lovelace",
    organizationName: `Analytical Engines ${uniqueSuffix()}`,
    email: `ada-${uniqueSuffix()}@example.test`,
    password: "a long enough passphrase",
    ...overrides,
  };
}

beforeEach(() => {
  cookieJar.set.mockClear();
});

afterAll(async () => {
  await db.$disconnect();
});

describe("signUpAction", () => {
  it("creates the account and answers ok (the form signs in), remembering the email", async () => {
    const fields = signUpFields();
    // No redirect to the sign-in page: the form signs the new user in itself.
    expect(await signUpAction(form(fields))).toEqual({ ok: true, data: null });
    expect(await db.user.count({ where: { email: fields.email } })).toBe(1);
    expect(cookieJar.set).toHaveBeenCalledWith(
      expect.any(String),
      fields.email,
      expect.objectContaining({ httpOnly: true, path: "/login" }),
    );
  });

  it("returns field errors and the typed values, never the password, on invalid input", async () => {
    const fields = signUpFields({ email: "not an email", password: "short" });
    const result = await signUpAction(form(fields));
    expect(result).toMatchObject({
      ok: false,
      fieldErrors: { email: [expect.any(String)], password: [expect.any(String)] },
      values: {
        name: fields.name,
        organizationName: fields.organizationName,
        email: "not an email",
      },
    });
    expect(result.ok ? null : result.values).not.toHaveProperty("password");
    expect(cookieJar.set).not.toHaveBeenCalled();
  });

  it("explains a registered email on the email field and keeps what was typed", async () => {
    const fields = signUpFields();
    await signUpAction(form(fields)).catch(() => undefined);
    const again = await signUpAction(form({ ...fields, name: "Someone else" }));
    expect(again).toEqual({
      ok: false,
      message: "An account with this email already exists. Sign in instead.",
      fieldErrors: { email: ["An account with this email already exists. Sign in instead."] },
      values: {
        name: "Someone else",
        organizationName: fields.organizationName,
        email: fields.email,
      },
    });
  });
});
