import { describe, expect, it } from "vitest";
import { memberPrincipal, type Principal, tokenPrincipal } from "@/lib/auth/principal";
import { AppError } from "@/lib/errors";
import { Role } from "@/lib/generated/prisma/enums";
import { ALL_PERMISSIONS, can, SCOPES } from "@/lib/permissions";
import { assertHolds, holds, scopeRefusal } from "@/lib/services/authorize";

// The judgement on what the edge read, without the database: what a wrapper's early
// refusal and a page's choice of controls ask (authorizeRead gives the same answer for a
// read; read-authorization.test.ts proves it through the services).

const ORG = "0190b4c2-0000-7000-8000-000000000001";
const OTHER_ORG = "0190b4c2-0000-7000-8000-000000000002";

function member(role: Role, organizationId = ORG): Principal {
  const session = {
    user: { id: "u-1" },
    organization: { id: organizationId, plan: "PRO" as const },
    role,
  };
  return memberPrincipal(session, null);
}

function refusal(run: () => void): AppError | undefined {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  return undefined;
}

describe("assertHolds, for a member as the session read them", () => {
  const cases = ALL_PERMISSIONS.flatMap((permission) =>
    Object.values(Role).map((role) => ({ permission, role, allowed: can(role, permission) })),
  );

  it.each(cases)(
    "$role and $permission: refused exactly when the table says",
    ({ permission, role, allowed }) => {
      const error = refusal(() => assertHolds(member(role), ORG, permission));
      expect(error === undefined).toBe(allowed);
      if (error) expect(error).toMatchObject({ code: "forbidden", status: 403 });
      expect(holds(member(role), ORG, permission)).toBe(allowed);
    },
  );

  it("says who may act in the refusal", () => {
    expect(refusal(() => assertHolds(member("MEMBER"), ORG, "tokens:write"))?.message).toBe(
      "Only owners and admins can manage tokens",
    );
    expect(refusal(() => assertHolds(member("ADMIN"), ORG, "billing:manage"))?.message).toBe(
      "Only the organization owner can change the plan.",
    );
  });

  it("holds nothing in an organization the edge read nothing of, nor without a reading", () => {
    for (const permission of ALL_PERMISSIONS) {
      expect(holds(member("OWNER", OTHER_ORG), ORG, permission)).toBe(false);
      expect(holds({ kind: "user", userId: "u-1", ip: null }, ORG, permission)).toBe(false);
    }
  });
});

describe("for a token as its lookup read it", () => {
  function token(scopes: string[], changes: Partial<{ expiresAt: Date; plan: "FREE" }> = {}) {
    return tokenPrincipal(
      {
        id: "t-1",
        name: "CI",
        organizationId: ORG,
        plan: "PRO",
        scopes,
        ipAllowlist: [],
        domainIds: null,
        expiresAt: null,
        revokedAt: null,
        rotationEndsAt: null,
        ...changes,
      },
      "192.0.2.1",
    );
  }

  it("holds its scopes and the read of each write, never a role-only permission", () => {
    expect(holds(token(["domains:write"]), ORG, "domains:read")).toBe(true);
    expect(holds(token(["domains:read"]), ORG, "domains:write")).toBe(false);
    expect(holds(token([...SCOPES]), ORG, "members:manage")).toBe(false);
    expect(refusal(() => assertHolds(token(["logs:read"]), ORG, "domains:read"))?.code).toBe(
      "insufficient_scope",
    );
  });

  it("holds nothing once expired or paused by the plan, nor in another organization", () => {
    const past = new Date(Date.now() - 1_000);
    expect(holds(token(["domains:read"], { expiresAt: past }), ORG, "domains:read")).toBe(false);
    expect(holds(token(["domains:read"], { plan: "FREE" }), ORG, "domains:read")).toBe(false);
    expect(holds(token(["domains:read"]), OTHER_ORG, "domains:read")).toBe(false);
  });

  it("the pipeline's early check: the declared scope, or none on the token itself", () => {
    expect(scopeRefusal({ scopes: ["domains:write"] }, "domains:read")).toBeNull();
    expect(scopeRefusal({ scopes: [] }, "self")).toBeNull();
    expect(
      scopeRefusal({ scopes: ["domains:read", "unknown:scope"] }, "tokens:read"),
    ).toMatchObject({
      code: "insufficient_scope",
    });
  });
});
