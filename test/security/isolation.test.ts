import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { Role } from "@/lib/generated/prisma/enums";
import { listRequestLogs } from "@/lib/services/logs/query";
import { createLogTestToken, insertLogRows } from "@/lib/services/logs/test-fixtures";
import { getTokenActivity } from "@/lib/services/logs/token-activity";
import { getToken, listTokens } from "@/lib/services/tokens";
import type { SessionContext } from "@/lib/session/session";
import { apiRequest, createApiToken, createDomainRow, routeContext } from "@/test/api/helpers";
import { createTestOrganization, createTestUser } from "@/test/factories";
import { memberContext } from "@/test/principals";
import { sessionContextFor } from "@/test/session-context";

// The tenant-isolation matrix. Organization A (a signed-in user of every role, and an API
// token) attacks organization B's token, domain, request logs and audit events through
// every dashboard action and every /api/v1 route. Each attempt must be refused (not found
// or forbidden) and leave every row of B exactly as it was. Members of A, who may look
// but not touch, are refused every token mutation in their own organization too.

const session = vi.hoisted(() => ({ current: null as SessionContext | null }));
vi.mock("@/lib/session/session", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/session/session")>()),
  getSessionContext: async () => session.current,
  requireActionContext: async () => {
    if (!session.current) throw new AppError("unauthorized", "Your session has ended.");
    return session.current;
  },
}));
vi.mock("@/lib/auth/request-ip", () => ({ getRequestIp: async () => "192.0.2.77" }));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));

const { createTokenAction, revokeTokenAction, revokeTokensAction, updateTokenAction } =
  await import("@/lib/actions/tokens");
const { changePlanAction } = await import("@/lib/actions/billing");
const domainsRoute = await import("@/app/api/v1/domains/route");
const domainRoute = await import("@/app/api/v1/domains/[id]/route");
const exportRoute = await import("@/app/api/logs/export/route");

interface Victim {
  organizationId: string;
  tokenId: string;
  domainId: string;
  logIds: string[];
}

let victim: Victim;
let attacker: { organizationId: string; apiToken: string; ownTokenId: string };

async function snapshotOf(v: Victim) {
  const [organization, tokens, domains, logs, audit] = await Promise.all([
    db.organization.findUniqueOrThrow({ where: { id: v.organizationId } }),
    db.apiToken.findMany({ where: { organizationId: v.organizationId }, orderBy: { id: "asc" } }),
    db.domain.findMany({ where: { organizationId: v.organizationId }, orderBy: { id: "asc" } }),
    db.apiRequestLog.count({ where: { organizationId: v.organizationId } }),
    db.auditEvent.findMany({ where: { organizationId: v.organizationId }, orderBy: { id: "asc" } }),
  ]);
  return { organization, tokens, domains, logs, audit };
}

async function signInAs(organizationId: string, role: Role) {
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

beforeAll(async () => {
  const victimOrg = await createTestOrganization({ plan: "BUSINESS" });
  const victimToken = await createLogTestToken(victimOrg.id, { name: "Victim token" });
  const domain = await createDomainRow(victimOrg.id);
  const logIds = await insertLogRows(victimToken, [
    { createdAt: new Date(Date.now() - 1000), path: "/api/v1/domains/victim" },
  ]);
  await db.auditEvent.create({
    data: {
      organizationId: victimOrg.id,
      action: "token.created",
      targetType: "api_token",
      targetId: victimToken.id,
      metadata: {},
    },
  });
  victim = { organizationId: victimOrg.id, tokenId: victimToken.id, domainId: domain.id, logIds };

  const attackerOrg = await createTestOrganization({ plan: "PRO" });
  const { token, row } = await createApiToken({ organizationId: attackerOrg.id });
  attacker = { organizationId: attackerOrg.id, apiToken: token, ownTokenId: row.id };
});

let before: Awaited<ReturnType<typeof snapshotOf>>;
beforeEach(async () => {
  session.current = null;
  before = await snapshotOf(victim);
});

async function expectVictimUnchanged() {
  expect(await snapshotOf(victim)).toEqual(before);
}

describe.each(["OWNER", "ADMIN", "MEMBER"] as const)(
  "dashboard: a %s of organization A against organization B",
  (role) => {
    beforeEach(() => signInAs(attacker.organizationId, role));

    it("cannot update B's token", async () => {
      const state = await updateTokenAction(
        form({
          tokenId: victim.tokenId,
          name: "pwned",
          description: "",
          ipAllowlist: "",
          expiresOn: "",
        }),
      );
      expect(state.ok).toBe(false);
      if (!state.ok) expect(state.message).toMatch(/not found|permission|cannot|only/i);
      await expectVictimUnchanged();
    });

    it("cannot revoke B's token", async () => {
      const result = await revokeTokenAction({ tokenId: victim.tokenId });
      expect(result.ok).toBe(false);
      await expectVictimUnchanged();
    });

    it("cannot revoke B's token in a bulk revocation", async () => {
      const result = await revokeTokensAction({ tokenIds: [victim.tokenId] });
      // Owners and admins are told it was not found; members are refused outright.
      if (result.ok)
        expect(result.data).toEqual([expect.objectContaining({ outcome: "not_found" })]);
      await expectVictimUnchanged();
    });

    it("creating a token or changing the plan only ever touches A", async () => {
      await createTokenAction(form({ name: `A token ${role}` }));
      await changePlanAction({ plan: "ENTERPRISE" });
      await expectVictimUnchanged();
    });

    it("cannot read B's token, its activity, B's logs or B's CSV export", async () => {
      await expect(
        getToken(await memberContext(attacker.organizationId), victim.tokenId),
      ).rejects.toMatchObject({
        code: "not_found",
      });
      const tokens = await listTokens(await memberContext(attacker.organizationId));
      expect(tokens.map((token) => token.id)).not.toContain(victim.tokenId);
      const activity = await getTokenActivity(
        await memberContext(attacker.organizationId),
        victim.tokenId,
      );
      expect(activity.totalRequests).toBe(0);
      const logs = await listRequestLogs(await memberContext(attacker.organizationId), {
        tokenId: victim.tokenId,
        limit: 100,
      });
      expect(logs.rows).toEqual([]);
      const csv = await (
        await exportRoute.GET(
          new Request(`http://localhost/api/logs/export?token=${victim.tokenId}`),
        )
      ).text();
      expect(csv).not.toContain("/api/v1/domains/victim");
      expect(csv).not.toContain("Victim token");
    });
  },
);

describe("dashboard: a MEMBER of organization A in its own organization", () => {
  beforeEach(() => signInAs(attacker.organizationId, "MEMBER"));

  it("cannot create, edit or revoke tokens, and nothing changes", async () => {
    const tokensBefore = await db.apiToken.findMany({
      where: { organizationId: attacker.organizationId },
      orderBy: { id: "asc" },
    });
    const created = await createTokenAction(form({ name: "member token" }));
    const updated = await updateTokenAction(
      form({
        tokenId: attacker.ownTokenId,
        name: "renamed",
        description: "",
        ipAllowlist: "",
        expiresOn: "",
      }),
    );
    const revoked = await revokeTokenAction({ tokenId: attacker.ownTokenId });
    expect([created.ok, updated.ok, revoked.ok]).toEqual([false, false, false]);
    const tokensAfter = await db.apiToken.findMany({
      where: { organizationId: attacker.organizationId },
      orderBy: { id: "asc" },
    });
    expect(tokensAfter).toEqual(tokensBefore);
  });

  it("cannot change the plan", async () => {
    const where = { id: attacker.organizationId };
    const { plan } = await db.organization.findUniqueOrThrow({ where });
    const result = await changePlanAction({ plan: plan === "FREE" ? "PRO" : "FREE" });
    expect(result.ok).toBe(false);
    await expect(db.organization.findUniqueOrThrow({ where })).resolves.toMatchObject({ plan });
  });
});

describe("/api/v1: organization A's token against organization B", () => {
  const call = (path: string, method = "GET", body?: object) =>
    apiRequest(path, { method, token: attacker.apiToken, body, ip: "198.51.100.99" });

  it("GET /api/v1/domains lists only A's domains", async () => {
    const response = await domainsRoute.GET(call("/api/v1/domains?limit=100"));
    expect(response.status).toBe(200);
    const body = (await response.json()) as { data: Array<{ id: string }> };
    expect(body.data.map((domain) => domain.id)).not.toContain(victim.domainId);
    await expectVictimUnchanged();
  });

  it("GET /api/v1/domains/{B's id} → 404", async () => {
    const response = await domainRoute.GET(
      call(`/api/v1/domains/${victim.domainId}`),
      routeContext({ id: victim.domainId }),
    );
    expect(response.status).toBe(404);
    await expectVictimUnchanged();
  });

  it("DELETE /api/v1/domains/{B's id} → 404 and B's domain stays", async () => {
    const response = await domainRoute.DELETE(
      call(`/api/v1/domains/${victim.domainId}`, "DELETE"),
      routeContext({ id: victim.domainId }),
    );
    expect(response.status).toBe(404);
    await expectVictimUnchanged();
  });

  it("POST /api/v1/domains with B's domain name creates it in A only", async () => {
    const name = before.domains[0]?.name ?? "missing.example";
    const response = await domainsRoute.POST(call("/api/v1/domains", "POST", { name }));
    expect(response.status).toBe(201);
    const created = (await response.json()) as { data: { id: string } };
    const row = await db.domain.findUniqueOrThrow({ where: { id: created.data.id } });
    expect(row.organizationId).toBe(attacker.organizationId);
    await expectVictimUnchanged();
  });

  it("A's requests are logged for A, never for B", async () => {
    await domainsRoute.GET(call("/api/v1/domains"));
    await expectVictimUnchanged();
  });
});
