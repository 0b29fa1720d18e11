import { afterAll, beforeEach, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import type { Role } from "@/lib/generated/prisma/enums";
import { actionSession as session } from "@/test/action-session";
import { createTestOrganization, createTestUser } from "@/test/factories";
import { sessionContextFor } from "@/test/session-context";

// Dismissing the exposed-token banner against the real database; the session and Next's
// cache revalidation are replaced, as in tokens.test.ts.

vi.mock("@/lib/session/session", () => import("@/test/action-session"));
vi.mock("@/lib/auth/request-ip", () => ({ getRequestIp: async () => "192.0.2.46" }));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));

const { dismissExposureNoticesAction } = await import("./exposure-notices");

async function signIn(role: Role) {
  const organization = await createTestOrganization({ plan: "PRO" });
  const { user } = await createTestUser({ organizationId: organization.id, role });
  session.current = sessionContextFor(
    { id: user.id, email: user.email, name: user.name },
    { id: organization.id, name: organization.name, plan: organization.plan },
    role,
  );
  return { organizationId: organization.id, userId: user.id };
}

const dismissedThrough = async (organizationId: string, userId: string) =>
  (
    await db.membership.findUniqueOrThrow({
      where: { organizationId_userId: { organizationId, userId } },
    })
  ).exposureNoticesDismissedThrough;

beforeEach(() => {
  session.current = null;
});

afterAll(async () => {
  await db.$disconnect();
});

describe("dismissExposureNoticesAction", () => {
  it.each<Role>(["OWNER", "ADMIN"])("records the dismissal for the %s", async (role) => {
    const { organizationId, userId } = await signIn(role);
    const through = "2026-11-29T21:00:00.123Z";
    expect(await dismissExposureNoticesAction({ through })).toMatchObject({ ok: true });
    expect(await dismissedThrough(organizationId, userId)).toEqual(new Date(through));
  });

  it("refuses a member, who is not shown the banner", async () => {
    const { organizationId, userId } = await signIn("MEMBER");
    const answer = await dismissExposureNoticesAction({ through: new Date().toISOString() });
    expect(answer).toMatchObject({ ok: false });
    expect(await dismissedThrough(organizationId, userId)).toBeNull();
  });

  it("refuses an instant that is not one", async () => {
    const { organizationId, userId } = await signIn("OWNER");
    expect(await dismissExposureNoticesAction({ through: "yesterday" })).toMatchObject({
      ok: false,
    });
    expect(await dismissedThrough(organizationId, userId)).toBeNull();
  });
});
