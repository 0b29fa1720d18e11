import { afterAll, beforeEach, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import type { Role } from "@/lib/generated/prisma/enums";
import { actionSession as session } from "@/test/action-session";
import { createTestOrganization, createTestUser } from "@/test/factories";
import { sessionContextFor } from "@/test/session-context";

// The plan change against the real database; the session, client IP and Next's cache
// revalidation are replaced, as in tokens.test.ts.

vi.mock("@/lib/session/session", () => import("@/test/action-session"));
vi.mock("@/lib/auth/request-ip", () => ({ getRequestIp: async () => "192.0.2.45" }));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));

const { changePlanAction } = await import("./billing");

async function signIn(role: Role) {
  const organization = await createTestOrganization({ plan: "FREE" });
  const { user } = await createTestUser({ organizationId: organization.id, role });
  session.current = sessionContextFor(
    { id: user.id, email: user.email, name: user.name },
    { id: organization.id, name: organization.name, plan: organization.plan },
    role,
  );
  return organization.id;
}

const planOf = async (id: string) =>
  (await db.organization.findUniqueOrThrow({ where: { id } })).plan;

beforeEach(() => {
  session.current = null;
});

afterAll(async () => {
  await db.$disconnect();
});

describe("changePlanAction", () => {
  it("lets the owner switch plans and says so", async () => {
    const organizationId = await signIn("OWNER");
    expect(await changePlanAction({ plan: "PRO" })).toEqual({
      ok: true,
      data: { plan: "PRO" },
      message: "Your organization is now on the Pro plan.",
    });
    expect(await planOf(organizationId)).toBe("PRO");
  });

  it.each(["ADMIN", "MEMBER"] as const)("refuses an %s and changes nothing", async (role) => {
    const organizationId = await signIn(role);
    expect(await changePlanAction({ plan: "PRO" })).toMatchObject({
      ok: false,
      message: "Only the organization owner can change the plan.",
    });
    expect(await planOf(organizationId)).toBe("FREE");
  });

  it("refuses a plan that is not listed with its own message", async () => {
    const organizationId = await signIn("OWNER");
    expect(await changePlanAction({ plan: "PLATINUM" })).toMatchObject({
      ok: false,
      message: "Choose one of the listed plans.",
    });
    expect(await planOf(organizationId)).toBe("FREE");
  });
});
