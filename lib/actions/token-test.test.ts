import { describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import type { Role } from "@/lib/generated/prisma/enums";
import { actionSession as session } from "@/test/action-session";
import { createTestOrganization, createTestUser } from "@/test/factories";
import { sessionContextFor } from "@/test/session-context";

// The reveal's Test button and the create form's template, through their server actions:
// the real database, with only the session, the client IP and Next's cache replaced.

vi.mock("@/lib/session/session", () => import("@/test/action-session"));
vi.mock("@/lib/auth/request-ip", () => ({ getRequestIp: async () => "192.0.2.44" }));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));

const { createTokenAction, testTokenAction } = await import("./tokens");

async function signIn(organizationId: string, role: Role) {
  const organization = await db.organization.findUniqueOrThrow({ where: { id: organizationId } });
  const { user } = await createTestUser({ organizationId, role });
  session.current = sessionContextFor(
    { id: user.id, email: user.email, name: user.name },
    { id: organization.id, name: organization.name, plan: organization.plan },
    role,
  );
}

function form(values: Record<string, string>): FormData {
  const data = new FormData();
  for (const [key, value] of Object.entries(values)) data.set(key, value);
  return data;
}

describe("testTokenAction", () => {
  it("answers 200 for the token just created from a template, and never logs its value", async () => {
    const { id: organizationId } = await createTestOrganization({ plan: "PRO" });
    await signIn(organizationId, "OWNER");
    const created = await createTokenAction(
      form({ name: "Read-only monitor", scopes: "domains:read logs:read", template: "monitoring" }),
    );
    if (!created.ok) throw new Error(JSON.stringify(created));
    expect(created.data.testUrl).toMatch(/^https?:\/\/[^/]+\/api\/v1\/tokens\/self$/);
    const stored = await db.apiToken.findUniqueOrThrow({ where: { id: created.data.tokenId } });
    expect(stored.template).toBe("monitoring");

    const written: string[] = [];
    const spy = vi.spyOn(process.stdout, "write").mockImplementation((chunk) => {
      written.push(String(chunk));
      return true;
    });
    try {
      const answer = await testTokenAction({
        tokenId: created.data.tokenId,
        token: created.data.token,
      });
      expect(answer).toMatchObject({
        ok: true,
        data: {
          ok: true,
          status: 200,
          name: "Read-only monitor",
          scopes: ["domains:read", "logs:read"],
        },
      });
    } finally {
      spy.mockRestore();
    }
    expect(written.join("")).not.toContain(created.data.token);
  });

  it("is for those who manage tokens: a member is refused", async () => {
    const { id: organizationId } = await createTestOrganization({ plan: "PRO" });
    await signIn(organizationId, "OWNER");
    const created = await createTokenAction(form({ name: "CI", scopes: "domains:read" }));
    if (!created.ok) throw new Error(JSON.stringify(created));
    await signIn(organizationId, "MEMBER");
    const answer = await testTokenAction({
      tokenId: created.data.tokenId,
      token: created.data.token,
    });
    expect(answer.ok).toBe(false);
    expect(answer).not.toHaveProperty("data");
  });
});
