import { afterAll, beforeEach, describe, expect, it, vi } from "vitest";
import { hashApiToken, isWellFormedApiToken } from "@/lib/auth/token";
import { earliestAllowedExpirationDate } from "@/lib/auth/token-expiry";
import { db } from "@/lib/db";
import type { Plan, Role } from "@/lib/generated/prisma/enums";
import type { TokenFormValues } from "@/lib/validations/token-form";
import { actionSession as session } from "@/test/action-session";
import { createTestOrganization, createTestUser } from "@/test/factories";
import { sessionContextFor } from "@/test/session-context";

// The actions run against the real database. Only the request-bound parts are replaced:
// the signed-in session (normally from the cookie), the client IP (normally from the
// request headers) and Next's cache revalidation, which needs a running server.

vi.mock("@/lib/session/session", () => import("@/test/action-session"));
vi.mock("@/lib/auth/request-ip", () => ({ getRequestIp: async () => "192.0.2.44" }));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));

const {
  createTokenAction,
  revokeTokenAction,
  revokeTokensAction,
  rotateTokenAction,
  updateTokenAction,
} = await import("./tokens");
const { revalidatePath } = await import("next/cache");

function formData(values: Partial<TokenFormValues> & { tokenId?: string }): FormData {
  const data = new FormData();
  for (const [key, value] of Object.entries(values)) data.set(key, value);
  return data;
}

/** Signs in a new user (owner by default) of a new organization, or of an existing one. */
async function signIn(options: { plan?: Plan; role?: Role; organizationId?: string } = {}) {
  const organization = options.organizationId
    ? await db.organization.findUniqueOrThrow({ where: { id: options.organizationId } })
    : await createTestOrganization({ plan: options.plan ?? "PRO" });
  const role = options.role ?? "OWNER";
  const { user } = await createTestUser({ organizationId: organization.id, role });
  session.current = sessionContextFor(
    { id: user.id, email: user.email, name: user.name },
    { id: organization.id, name: organization.name, plan: organization.plan },
    role,
  );
  return { organizationId: organization.id, user };
}

async function createAsOwner(name: string) {
  const result = await createTokenAction(formData({ name }));
  if (!result.ok) throw new Error(`create failed: ${JSON.stringify(result)}`);
  return result.data;
}

/** Runs the update action the way the edit form sends it: the token's id in a hidden field. */
function update(tokenId: string, values: Partial<TokenFormValues>) {
  return updateTokenAction(formData({ tokenId, ...values }));
}

function revoke(tokenId: string) {
  return revokeTokenAction({ tokenId });
}

/** Logs of unexpected failures go through the process's logger. */
const { logger } = await import("@/lib/logger");

beforeEach(() => {
  session.current = null;
  vi.mocked(revalidatePath).mockClear();
});

afterAll(async () => {
  await db.$disconnect();
});

describe("createTokenAction", () => {
  it("returns the token once, with its id and last four, and revalidates the list", async () => {
    const { organizationId, user } = await signIn({ plan: "PRO" });
    const result = await createTokenAction(
      formData({ name: "CI", description: "", ipAllowlist: "203.0.113.50", expiresOn: "" }),
    );

    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const state = result.data;
    expect(isWellFormedApiToken(state.token)).toBe(true);
    expect(state.lastFour).toBe(state.token.slice(-4));
    const row = await db.apiToken.findUniqueOrThrow({ where: { id: state.tokenId } });
    expect(row).toMatchObject({
      organizationId,
      createdById: user.id,
      tokenHash: hashApiToken(state.token),
      ipAllowlist: ["203.0.113.50/32"],
    });
    const event = await db.auditEvent.findFirstOrThrow({ where: { targetId: state.tokenId } });
    expect(event.ip).toBe("192.0.2.44");
    expect(revalidatePath).toHaveBeenCalledWith("/settings/api-tokens");
  });

  it("returns field errors and everything typed when validation fails", async () => {
    await signIn({ plan: "PRO" });
    const values: TokenFormValues = {
      name: "",
      description: "keep me",
      ipAllowlist: "10.0.0.1\n10.0.0.300",
      expiresOn: "2001-01-01",
      scopes: "domains:read logs:read",
      domainIds: "all",
    };
    const state = await createTokenAction(formData(values));
    expect(state).toEqual({
      ok: false,
      message: "Please correct the highlighted fields.",
      fieldErrors: {
        name: ["Enter a name for the token"],
        ipAllowlist: ["`10.0.0.300` is not a valid IP address or CIDR range"],
        expiresOn: ["Choose a date after today (UTC)"],
      },
      values,
    });
    expect(revalidatePath).not.toHaveBeenCalled();
  });

  // A form cannot send a lone UTF-16 surrogate (FormData makes it U+FFFD), but a forged call
  // of the action can, in a plain object; PostgreSQL refuses it in the audit event's JSON.
  it("refuses text that is not valid Unicode with a field error, creating nothing", async () => {
    const { organizationId } = await signIn({ plan: "PRO" });
    const state = await createTokenAction({
      name: "Forged \ud800",
      description: "\udc00",
      ipAllowlist: "",
      expiresOn: "",
    } as unknown as FormData);
    expect(state).toMatchObject({
      ok: false,
      message: "Please correct the highlighted fields.",
      fieldErrors: { name: [expect.stringMatching(/Unicode/)], description: [expect.any(String)] },
    });
    expect(await db.apiToken.count({ where: { organizationId } })).toBe(0);
  });

  it("reports a duplicate name on the name field", async () => {
    await signIn({ plan: "PRO" });
    await createAsOwner("Deploy");
    const state = await createTokenAction(formData({ name: "deploy" }));
    expect(state).toMatchObject({
      ok: false,
      fieldErrors: { name: ['A token named "deploy" already exists'] },
      values: { name: "deploy" },
    });
  });

  it.each(["FREE", "STARTER"] as const)("is refused on the %s plan", async (plan) => {
    const { organizationId } = await signIn({ plan });
    const state = await createTokenAction(formData({ name: "Nope" }));
    expect(state).toMatchObject({
      ok: false,
      message: "API access requires a Pro plan or higher",
      fieldErrors: {},
      values: { name: "Nope" },
    });
    expect(await db.apiToken.count({ where: { organizationId } })).toBe(0);
  });

  it("is refused for members", async () => {
    const { organizationId } = await signIn({ plan: "PRO", role: "MEMBER" });
    const state = await createTokenAction(formData({ name: "Nope" }));
    expect(state).toMatchObject({
      ok: false,
      message: "Only owners and admins can manage tokens",
    });
    expect(await db.apiToken.count({ where: { organizationId } })).toBe(0);
  });

  it("asks a signed-out user to sign in again and keeps their input", async () => {
    const state = await createTokenAction(formData({ name: "Typed" }));
    expect(state).toMatchObject({
      ok: false,
      message: "Your session has ended. Sign in again to continue.",
      values: { name: "Typed" },
    });
  });

  it("turns unexpected failures into a generic message without leaking details", async () => {
    await signIn({ plan: "PRO" });
    session.current = {
      ...session.current!,
      user: { ...session.current!.user, id: "not-a-uuid" },
    };
    const logged = vi.spyOn(logger(), "error").mockImplementation(() => {});
    const state = await createTokenAction(formData({ name: "Boom" }));
    expect(state).toEqual({
      ok: false,
      message: "Something went wrong and nothing was saved. Please try again.",
      fieldErrors: {},
      values: { name: "Boom" },
    });
    expect(logged).toHaveBeenCalledTimes(1);
    logged.mockRestore();
  });
});

describe("updateTokenAction", () => {
  it("saves the changes", async () => {
    const { organizationId } = await signIn({ plan: "PRO" });
    const { tokenId } = await createAsOwner("Before");
    const state = await update(tokenId, {
      name: "After",
      description: "",
      ipAllowlist: "2001:db8::/48",
      expiresOn: "",
    });
    expect(state).toEqual({ ok: true, data: null });
    expect(
      await db.apiToken.findFirstOrThrow({ where: { id: tokenId, organizationId } }),
    ).toMatchObject({
      name: "After",
      ipAllowlist: ["2001:db8::/48"],
    });
    expect(revalidatePath).toHaveBeenCalledWith(`/settings/api-tokens/${tokenId}`);
  });

  it("returns field errors with the typed values", async () => {
    await signIn({ plan: "PRO" });
    const { tokenId } = await createAsOwner("Valid");
    const values = {
      name: "Valid",
      description: "",
      ipAllowlist: "10.0.0.5/24",
      expiresOn: "",
    };
    expect(await update(tokenId, values)).toMatchObject({
      ok: false,
      fieldErrors: {
        ipAllowlist: ["`10.0.0.5/24` has host bits set; did you mean `10.0.0.0/24`?"],
      },
      values,
    });
  });

  it("is refused for members and for another organization's token", async () => {
    const owner = await signIn({ plan: "PRO" });
    const { tokenId } = await createAsOwner("Protected");

    await signIn({ organizationId: owner.organizationId, role: "MEMBER" });
    expect(await update(tokenId, { name: "Hijacked" })).toMatchObject({
      ok: false,
      message: "Only owners and admins can manage tokens",
    });

    await signIn({ plan: "PRO" });
    expect(await update(tokenId, { name: "Hijacked" })).toMatchObject({
      ok: false,
      message: "Token not found",
    });
    expect((await db.apiToken.findUniqueOrThrow({ where: { id: tokenId } })).name).toBe(
      "Protected",
    );
  });

  it("refuses to edit a revoked token", async () => {
    await signIn({ plan: "PRO" });
    const { tokenId } = await createAsOwner("Revoked soon");
    expect(await revoke(tokenId)).toEqual({ ok: true, data: null });
    expect(await update(tokenId, { name: "Edited" })).toMatchObject({
      ok: false,
      message: "Revoked tokens cannot be edited",
    });
  });

  it("refuses to extend an expired token on the date field, and still saves a new name", async () => {
    await signIn({ plan: "PRO" });
    const { tokenId } = await createAsOwner("Expired");
    await db.apiToken.update({
      where: { id: tokenId },
      data: { expiresAt: new Date("2020-01-01T00:00:00.000Z") },
    });
    const values = {
      name: "Expired",
      description: "",
      ipAllowlist: "",
      expiresOn: earliestAllowedExpirationDate(),
    };
    expect(await update(tokenId, values)).toEqual({
      ok: false,
      message: "Please correct the highlighted fields.",
      fieldErrors: {
        expiresOn: [
          "This token expired on 2020-01-01 (00:00 UTC) and can't be extended; create a new token.",
        ],
      },
      values: { tokenId, ...values },
    });
    expect(
      await update(tokenId, { ...values, name: "Expired (old)", expiresOn: "2020-01-01" }),
    ).toEqual({ ok: true, data: null });
    expect(await db.apiToken.findUniqueOrThrow({ where: { id: tokenId } })).toMatchObject({
      name: "Expired (old)",
      expiresAt: new Date("2020-01-01T00:00:00.000Z"),
    });
  });
});

describe("revokeTokenAction", () => {
  it("revokes, and a second revoke reports the conflict", async () => {
    const { user } = await signIn({ plan: "PRO" });
    const { tokenId } = await createAsOwner("To revoke");
    expect(await revoke(tokenId)).toEqual({ ok: true, data: null });
    const row = await db.apiToken.findUniqueOrThrow({ where: { id: tokenId } });
    expect(row.revokedById).toBe(user.id);
    expect(row.revokedAt).not.toBeNull();
    expect(await revoke(tokenId)).toMatchObject({
      ok: false,
      message: "This token has already been revoked",
    });
  });

  it("is refused for members and for another organization's token", async () => {
    const owner = await signIn({ plan: "PRO" });
    const { tokenId } = await createAsOwner("Keep active");

    await signIn({ organizationId: owner.organizationId, role: "MEMBER" });
    expect(await revoke(tokenId)).toMatchObject({
      ok: false,
      message: "Only owners and admins can manage tokens",
    });

    await signIn({ plan: "ENTERPRISE" });
    expect(await revoke(tokenId)).toMatchObject({
      ok: false,
      message: "Token not found",
    });
    expect((await db.apiToken.findUniqueOrThrow({ where: { id: tokenId } })).revokedAt).toBeNull();
  });

  it("asks a signed-out user to sign in again", async () => {
    expect(await revoke("00000000-0000-0000-0000-000000000000")).toMatchObject({
      ok: false,
      message: "Your session has ended. Sign in again to continue.",
    });
  });
});

describe("revokeTokensAction", () => {
  it("revokes the selected tokens and reports each one, the already revoked included", async () => {
    const { user } = await signIn({ plan: "PRO" });
    const first = await createAsOwner("Bulk one");
    const second = await createAsOwner("Bulk two");
    await revoke(second.tokenId);

    const result = await revokeTokensAction({ tokenIds: [first.tokenId, second.tokenId] });

    expect(result).toEqual({
      ok: true,
      data: [
        { tokenId: first.tokenId, name: "Bulk one", outcome: "revoked" },
        { tokenId: second.tokenId, name: "Bulk two", outcome: "already_revoked" },
      ],
    });
    const row = await db.apiToken.findUniqueOrThrow({ where: { id: first.tokenId } });
    expect(row.revokedById).toBe(user.id);
    expect(revalidatePath).toHaveBeenCalledWith(`/settings/api-tokens/${first.tokenId}`);
  });

  it("answers hostile input with a message, not an exception", async () => {
    await signIn({ plan: "PRO" });
    const { tokenId } = await createAsOwner("Survives");
    for (const input of [
      {},
      { tokenIds: [] },
      { tokenIds: tokenId },
      { tokenIds: [42] },
      { tokenIds: Array.from({ length: 101 }, () => tokenId) },
    ]) {
      expect(await revokeTokensAction(input)).toMatchObject({
        ok: false,
        message: "Select between 1 and 100 tokens to revoke.",
      });
    }
    expect((await db.apiToken.findUniqueOrThrow({ where: { id: tokenId } })).revokedAt).toBeNull();
  });

  it("is refused for members", async () => {
    const owner = await signIn({ plan: "PRO" });
    const { tokenId } = await createAsOwner("Member cannot");
    await signIn({ organizationId: owner.organizationId, role: "MEMBER" });
    expect(await revokeTokensAction({ tokenIds: [tokenId] })).toMatchObject({
      ok: false,
      message: "Only owners and admins can manage tokens",
    });
    expect((await db.apiToken.findUniqueOrThrow({ where: { id: tokenId } })).revokedAt).toBeNull();
  });
});

describe("rotateTokenAction", () => {
  it("returns the successor's token once and revalidates both pages", async () => {
    await signIn();
    const created = await createAsOwner("Rotated by action");
    const result = await rotateTokenAction({
      tokenId: created.tokenId,
      gracePeriodSeconds: 3600,
      expireOnFirstUse: true,
    });
    if (!result.ok) throw new Error(JSON.stringify(result));
    expect(isWellFormedApiToken(result.data.token)).toBe(true);
    expect(result.data.name).toBe("Rotated by action");
    const successor = await db.apiToken.findUniqueOrThrow({ where: { id: result.data.tokenId } });
    expect(successor.tokenHash).toBe(hashApiToken(result.data.token));
    expect(revalidatePath).toHaveBeenCalledWith(`/settings/api-tokens/${created.tokenId}`);

    const again = await rotateTokenAction({
      tokenId: created.tokenId,
      gracePeriodSeconds: 0,
      expireOnFirstUse: false,
    });
    expect(again).toMatchObject({ ok: false, message: expect.stringContaining("already") });
  });

  it("says when the lifetime policy shortened the successor's expiry", async () => {
    const { organizationId } = await signIn();
    const created = await createAsOwner("Older than the policy");
    await db.organization.update({
      where: { id: organizationId },
      data: { maxTokenLifetimeDays: 90 },
    });
    const result = await rotateTokenAction({
      tokenId: created.tokenId,
      gracePeriodSeconds: 0,
      expireOnFirstUse: false,
    });
    if (!result.ok) throw new Error(JSON.stringify(result));
    expect(result.data.expiryNotice).toMatch(
      /^Your organization's token policy allows tokens to last at most 90 days, so the new token expires on \d{4}-\d{2}-\d{2} \(00:00 UTC\) instead of never\.$/,
    );
    const successor = await db.apiToken.findUniqueOrThrow({ where: { id: result.data.tokenId } });
    expect(successor.expiresAt).not.toBeNull();

    const again = await rotateTokenAction({
      tokenId: result.data.tokenId,
      gracePeriodSeconds: 0,
      expireOnFirstUse: false,
    });
    if (!again.ok) throw new Error(JSON.stringify(again));
    expect(again.data.expiryNotice).toBeNull();
  });

  it("refuses members and a grace period that is not a number of seconds", async () => {
    const { organizationId } = await signIn();
    const created = await createAsOwner("Rotation input");
    const invalid = await rotateTokenAction({
      tokenId: created.tokenId,
      gracePeriodSeconds: "3600; DROP TABLE",
      expireOnFirstUse: false,
    });
    expect(invalid).toMatchObject({
      ok: false,
      fieldErrors: { gracePeriodSeconds: [expect.any(String)] },
    });

    await signIn({ organizationId, role: "MEMBER" });
    const refused = await rotateTokenAction({
      tokenId: created.tokenId,
      gracePeriodSeconds: 0,
      expireOnFirstUse: false,
    });
    expect(refused.ok).toBe(false);
    const row = await db.apiToken.findUniqueOrThrow({ where: { id: created.tokenId } });
    expect(row.rotatedAt).toBeNull();
  });
});
