import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { Role } from "@/lib/generated/prisma/enums";
import {
  ALL_PERMISSIONS,
  assertCan,
  can,
  type Permission,
  SCOPES,
  SELF_SCOPE,
  scopeOnToken,
  scopeSatisfies,
} from "@/lib/permissions";

// The whole table, role by permission: a rule that changes must change here too.
const EXPECTED: Record<Permission, Record<Role, boolean>> = {
  "tokens:manage": { OWNER: true, ADMIN: true, MEMBER: false },
  "billing:manage": { OWNER: true, ADMIN: false, MEMBER: false },
  "audit:view": { OWNER: true, ADMIN: true, MEMBER: false },
  "policies:manage": { OWNER: true, ADMIN: false, MEMBER: false },
  "members:manage": { OWNER: true, ADMIN: false, MEMBER: false },
};

const CASES = ALL_PERMISSIONS.flatMap((permission) =>
  Object.values(Role).map((role) => ({ permission, role, allowed: EXPECTED[permission][role] })),
);

describe("permissions", () => {
  it("lists exactly the permissions this table specifies", () => {
    expect([...ALL_PERMISSIONS].sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(CASES)("$role holds $permission: $allowed", ({ permission, role, allowed }) => {
    expect(can(role, permission)).toBe(allowed);
  });

  it.each(CASES)(
    "assertCan($role, $permission) refuses exactly when can() does",
    ({ permission, role, allowed }) => {
      if (allowed) {
        expect(() => assertCan(role, permission)).not.toThrow();
        return;
      }
      const refusal = captureError(() => assertCan(role, permission));
      expect(refusal).toBeInstanceOf(AppError);
      expect(refusal).toMatchObject({ code: "forbidden", status: 403 });
    },
  );

  it("refuses a missing role (no membership) every permission", () => {
    for (const permission of ALL_PERMISSIONS) {
      expect(captureError(() => assertCan(null, permission))).toMatchObject({ code: "forbidden" });
      expect(captureError(() => assertCan(undefined, permission))).toMatchObject({
        code: "forbidden",
      });
    }
  });

  it("says who may act in the refusal", () => {
    expect(captureError(() => assertCan("MEMBER", "tokens:manage"))?.message).toBe(
      "Only owners and admins can manage tokens",
    );
    expect(captureError(() => assertCan("ADMIN", "billing:manage"))?.message).toBe(
      "Only the organization owner can change the plan.",
    );
  });
});

function captureError(run: () => void): AppError | undefined {
  try {
    run();
  } catch (error) {
    return error as AppError;
  }
  return undefined;
}

describe("API token scopes", () => {
  it("a scope satisfies itself", () => {
    for (const scope of SCOPES) expect(scopeSatisfies([scope], scope)).toBe(true);
  });

  it("write implies read of the same resource, never the reverse", () => {
    expect(scopeSatisfies(["domains:write"], "domains:read")).toBe(true);
    expect(scopeSatisfies(["tokens:write"], "tokens:read")).toBe(true);
    expect(scopeSatisfies(["domains:read"], "domains:write")).toBe(false);
  });

  it("no scope opens another resource", () => {
    expect(scopeSatisfies(["domains:write"], "logs:read")).toBe(false);
    expect(scopeSatisfies(["tokens:write"], "domains:read")).toBe(false);
    expect(scopeSatisfies([], "domains:read")).toBe(false);
  });

  it("an operation on the calling token itself needs no scope; on another, the declared one", () => {
    const self = "01937a2c-6b1e-7c44-9e0b-3f5d2a8c9e10";
    expect(scopeOnToken("tokens:write", self, self)).toBe(SELF_SCOPE);
    expect(scopeOnToken("tokens:write", self, self.toUpperCase())).toBe(SELF_SCOPE);
    expect(scopeOnToken("tokens:write", self, "01937a2c-6b1e-7c44-9e0b-3f5d2a8c9e11")).toBe(
      "tokens:write",
    );
    expect(scopeOnToken("tokens:write", self, "self")).toBe("tokens:write");
  });
});
