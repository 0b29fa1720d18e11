import { afterAll, beforeEach, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import { CURRENT_ORGANIZATION_COOKIE } from "@/lib/session/current-organization";
import { NOT_YOUR_ORGANIZATION_MESSAGE } from "@/lib/validations/organizations";
import { actionSession as session } from "@/test/action-session";
import { createTestOrganization, createTestUser } from "@/test/factories";
import { sessionContextFor } from "@/test/session-context";

// The switcher's action with the request-bound parts replaced: the session (its
// memberships are what the database said for this request) and the cookie store, whose
// `set` calls are what the browser would be told to remember.

const cookieJar = vi.hoisted(() => ({ set: vi.fn() }));
vi.mock("next/headers", () => ({
  cookies: async () => cookieJar,
  headers: async () => new Headers({ "x-forwarded-proto": "http" }),
}));
vi.mock("@/lib/session/session", () => import("@/test/action-session"));
vi.mock("@/lib/auth/request-ip", () => ({ getRequestIp: async () => "192.0.2.21" }));

const { switchOrganizationAction } = await import("./organizations");

let organizations: { a: { id: string }; b: { id: string } };

beforeEach(async () => {
  cookieJar.set.mockClear();
  const a = await createTestOrganization({ plan: "PRO" });
  const b = await createTestOrganization({ plan: "ENTERPRISE" });
  const { user } = await createTestUser({ organizationId: a.id, role: "OWNER" });
  session.current = sessionContextFor(user, a, "OWNER", [{ ...b, role: "ADMIN" }]);
  organizations = { a, b };
});

afterAll(async () => {
  await db.$disconnect();
});

describe("switchOrganizationAction", () => {
  it("remembers one of the user's organizations and opens its API Tokens page", async () => {
    await expect(
      switchOrganizationAction({ organizationId: organizations.b.id }),
    ).rejects.toMatchObject({ digest: expect.stringContaining(";/settings/api-tokens;") });
    expect(cookieJar.set).toHaveBeenCalledExactlyOnceWith(
      CURRENT_ORGANIZATION_COOKIE,
      organizations.b.id,
      expect.objectContaining({ httpOnly: true, sameSite: "lax", path: "/" }),
    );
  });

  it("opens the page it is asked to return to on this site, and nowhere else", async () => {
    const tokenPage = "/settings/api-tokens/0190a1b2-0000-7000-8000-000000000001";
    await expect(
      switchOrganizationAction({ organizationId: organizations.b.id, returnTo: tokenPage }),
    ).rejects.toMatchObject({ digest: expect.stringContaining(`;${tokenPage};`) });
    for (const returnTo of ["https://evil.example/settings", "//evil.example", "/\\evil.example"]) {
      await expect(
        switchOrganizationAction({ organizationId: organizations.b.id, returnTo }),
      ).rejects.toMatchObject({ digest: expect.stringContaining(";/settings/api-tokens;") });
    }
  });

  it("never remembers an organization the user does not belong to", async () => {
    const foreign = await createTestOrganization({ plan: "BUSINESS" });
    await createTestUser({ organizationId: foreign.id, role: "OWNER" });
    for (const organizationId of [foreign.id, "00000000-0000-7000-8000-000000000000"]) {
      const result = await switchOrganizationAction({ organizationId });
      expect(result).toMatchObject({ ok: false, message: NOT_YOUR_ORGANIZATION_MESSAGE });
    }
    expect(cookieJar.set).not.toHaveBeenCalled();
  });

  it("refuses missing or malformed input without touching the cookie", async () => {
    for (const input of [{}, { organizationId: "" }, { organizationId: ["a", "b"] }]) {
      const result = await switchOrganizationAction(input);
      expect(result.ok).toBe(false);
    }
    expect(cookieJar.set).not.toHaveBeenCalled();
  });

  it("answers a signed-out browser with 'sign in again' and remembers nothing", async () => {
    session.current = null;
    const result = await switchOrganizationAction({ organizationId: organizations.a.id });
    expect(result).toMatchObject({ ok: false, message: expect.stringMatching(/sign in again/i) });
    expect(cookieJar.set).not.toHaveBeenCalled();
  });
});
