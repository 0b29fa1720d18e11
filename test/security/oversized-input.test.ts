import { beforeEach, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { SessionContext } from "@/lib/session/session";
import { createTestTenant } from "@/test/factories";
import { sessionContextFor } from "@/test/session-context";

// Absurdly large input to the dashboard's token actions: refused quickly, with a message
// that says what is wrong, and nothing stored. (The browser form already caps lengths;
// these are what a hand-made request gets.)

const session = vi.hoisted(() => ({ current: null as SessionContext | null }));
vi.mock("@/lib/session/session", () => ({
  requireActionContext: async () => {
    if (!session.current) throw new AppError("unauthorized", "Your session has ended.");
    return session.current;
  },
}));
vi.mock("@/lib/auth/request-ip", () => ({ getRequestIp: async () => "192.0.2.80" }));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));

const { createTokenAction } = await import("@/lib/actions/tokens");

function form(values: Record<string, string>): FormData {
  const data = new FormData();
  for (const [key, value] of Object.entries(values)) data.set(key, value);
  return data;
}

let organizationId: string;
beforeEach(async () => {
  const { organization, user } = await createTestTenant({ plan: "BUSINESS" });
  organizationId = organization.id;
  session.current = sessionContextFor(
    { id: user.id, email: user.email, name: user.name },
    { id: organization.id, name: organization.name, plan: organization.plan },
    "OWNER",
  );
});

async function createAndTime(values: Record<string, string>) {
  const started = performance.now();
  const state = await createTokenAction(form(values));
  return { state, elapsedMs: performance.now() - started };
}

describe("oversized token form input", () => {
  it("a 1 MB name is refused with the length rule, quickly, storing nothing", async () => {
    const { state, elapsedMs } = await createAndTime({ name: "n".repeat(1024 * 1024) });
    expect(state.ok).toBe(false);
    if (state.ok) return;
    expect(state.fieldErrors.name).toEqual(["Name must be at most 100 characters"]);
    expect(elapsedMs).toBeLessThan(1_000);
    await expect(db.apiToken.count({ where: { organizationId } })).resolves.toBe(0);
  });

  it("a 1 MB description is refused with the length rule", async () => {
    const { state } = await createAndTime({ name: "ok", description: "d".repeat(1024 * 1024) });
    expect(!state.ok && state.fieldErrors.description?.[0]).toMatch(/at most \d+ characters/);
  });

  it("a 10,000-entry allowlist is refused with the entry limit, quickly, storing nothing", async () => {
    const entries = Array.from(
      { length: 10_000 },
      (_, i) => `10.${Math.floor(i / 256) % 256}.${i % 256}.0/24`,
    );
    const { state, elapsedMs } = await createAndTime({
      name: "big allowlist",
      ipAllowlist: entries.join("\n"),
    });
    expect(state.ok).toBe(false);
    if (state.ok) return;
    expect(state.fieldErrors.ipAllowlist?.join(" ")).toMatch(
      /too long \(at most [\d,]+ characters\)/,
    );
    expect(elapsedMs).toBeLessThan(1_000);
    await expect(db.apiToken.count({ where: { organizationId } })).resolves.toBe(0);
  });

  it("a 1 MB single allowlist line is refused without echoing it back in full", async () => {
    const { state } = await createAndTime({
      name: "long line",
      ipAllowlist: "1".repeat(1024 * 1024),
    });
    expect(state.ok).toBe(false);
    if (state.ok) return;
    const message = state.fieldErrors.ipAllowlist?.join(" ") ?? "";
    expect(message.length).toBeGreaterThan(0);
    expect(message.length).toBeLessThan(1_000);
  });
});
