import { randomInt } from "node:crypto";
import { afterAll, beforeEach, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import { createInvitation } from "@/lib/services/invitations/create-invitation";
import { startSession } from "@/lib/services/sessions/records";
import { createTestTenant, uniqueSuffix } from "@/test/factories";

// Sign-up against the real database. Only the request-bound parts are replaced: the cookie
// store and the client IP (a fresh one per test, so the per-IP sign-up limit never applies).

const cookieJar = vi.hoisted(() => ({ set: vi.fn(), get: () => undefined, getAll: () => [] }));
vi.mock("next/headers", () => ({ cookies: async () => cookieJar }));
vi.mock("@/lib/auth/request-ip", () => ({
  getRequestIp: async () => `198.51.100.${randomInt(1, 255)}`,
}));

vi.mock("@/lib/session/current-organization", () => ({ rememberOrganization: vi.fn() }));
// Who signs out: normally read from the session cookie.
const signedIn = vi.hoisted(() => ({ userId: null as string | null, sessionId: "" }));
vi.mock("@/lib/session/session", () => ({
  getSignedInUser: async () =>
    signedIn.userId ? { user: { id: signedIn.userId }, sessionId: signedIn.sessionId } : null,
  requireActionContext: async () => {
    throw new Error("sign-up is public: no session is read");
  },
}));

const { signOutAction, signUpAction, signUpWithInvitationAction } = await import("./auth");
const { rememberOrganization } = await import("@/lib/session/current-organization");

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
  vi.mocked(rememberOrganization).mockClear();
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

describe("signUpWithInvitationAction", () => {
  async function invitation() {
    const { organization, user: owner } = await createTestTenant();
    const email = `invited-${uniqueSuffix()}@example.test`;
    const { code } = await createInvitation(
      { principal: { kind: "user", userId: owner.id, ip: null }, organizationId: organization.id },
      { email, role: "MEMBER" },
    );
    return { organization, email, code };
  }

  it("creates the account in the inviting organization and makes it current", async () => {
    const { organization, email, code } = await invitation();
    const fields = { name: "Grace Hopper", email, password: "a long enough passphrase" };
    const result = await signUpWithInvitationAction(form({ ...fields, invitationCode: code }));
    expect(result).toEqual({ ok: true, data: null });
    const user = await db.user.findUniqueOrThrow({
      where: { email },
      include: { memberships: true },
    });
    expect(user.memberships).toMatchObject([{ organizationId: organization.id, role: "MEMBER" }]);
    expect(rememberOrganization).toHaveBeenCalledWith(organization.id);
  });

  it("needs no organization name, and refuses a used invitation keeping what was typed", async () => {
    const { email, code } = await invitation();
    const fields = { name: "Grace Hopper", email, invitationCode: code };
    await signUpWithInvitationAction(form({ ...fields, password: "a long enough passphrase" }));
    const again = await signUpWithInvitationAction(
      form({ ...fields, email: `x-${email}`, password: "another long passphrase" }),
    );
    expect(again).toEqual({
      ok: false,
      message: "This invitation has already been used.",
      fieldErrors: {},
      values: { ...fields, email: `x-${email}` },
    });
    expect(rememberOrganization).toHaveBeenCalledTimes(1);
  });
});

describe("signOutAction", () => {
  function redirectOf(promise: Promise<unknown>) {
    return promise.then(
      () => null,
      (error: { digest?: string }) => error.digest?.split(";")[2] ?? null,
    );
  }

  it("goes to the sign-in page, which comes back to a page of this site when named", async () => {
    expect(await redirectOf(signOutAction())).toBe("/login");
    expect(await redirectOf(signOutAction(form({ callbackUrl: "/invite/abc" })))).toBe(
      "/login?callbackUrl=%2Finvite%2Fabc",
    );
    expect(await redirectOf(signOutAction(form({ callbackUrl: "https://evil.example/x" })))).toBe(
      "/login?callbackUrl=%2Fsettings%2Fapi-tokens",
    );
  });

  it("refuses anything but a form with a 404 and signs nobody out (a forged call)", async () => {
    const { user } = await createTestTenant();
    const here = await startSession({ userId: user.id, ip: null, userAgent: null });
    const elsewhere = await startSession({ userId: user.id, ip: null, userAgent: null });
    signedIn.userId = user.id;
    signedIn.sessionId = here.sessionId;
    const sessionVersion = async () =>
      (await db.user.findUniqueOrThrow({ where: { id: user.id } })).sessionVersion;
    const sessions = async () =>
      (await db.userSession.findMany({ where: { userId: user.id }, select: { id: true } })).map(
        ({ id }) => id,
      );
    try {
      for (const forged of [{ callbackUrl: "/settings" }, "x", ["/settings"]]) {
        const answer = await signOutAction(forged as unknown as FormData).catch(
          (error: { digest?: string }) => error.digest,
        );
        expect(answer).toBe("NEXT_HTTP_ERROR_FALLBACK;404");
      }
      expect(await sessionVersion()).toBe(user.sessionVersion);
      expect((await sessions()).sort()).toEqual([here.sessionId, elsewhere.sessionId].sort());
      expect(cookieJar.set).not.toHaveBeenCalled();
      // The genuine call, for contrast, ends this session (its row) and only this one.
      expect(await redirectOf(signOutAction(form({})))).toBe("/login");
      expect(await sessions()).toEqual([elsewhere.sessionId]);
    } finally {
      signedIn.userId = null;
    }
  });
});
