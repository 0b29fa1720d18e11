import { describe, expect, it } from "vitest";
import { Role } from "@/lib/generated/prisma/enums";
import {
  ALL_PERMISSIONS,
  can,
  type Permission,
  permissionsOf,
  ROLE_DESCRIPTIONS,
  SCOPES,
  SELF_SCOPE,
  scopeOnToken,
  scopeSatisfies,
} from "@/lib/permissions";

// The whole table, role by permission: a rule that changes must change here too.
const EXPECTED: Record<Permission, Record<Role, boolean>> = {
  "domains:read": { OWNER: true, ADMIN: true, MEMBER: true },
  "domains:write": { OWNER: true, ADMIN: true, MEMBER: false },
  "logs:read": { OWNER: true, ADMIN: true, MEMBER: true },
  "tokens:read": { OWNER: true, ADMIN: true, MEMBER: true },
  "tokens:write": { OWNER: true, ADMIN: true, MEMBER: false },
  "audit:read": { OWNER: true, ADMIN: true, MEMBER: false },
  "webhooks:read": { OWNER: true, ADMIN: true, MEMBER: true },
  "webhooks:write": { OWNER: true, ADMIN: true, MEMBER: false },
  "members:read": { OWNER: true, ADMIN: true, MEMBER: true },
  "members:manage": { OWNER: true, ADMIN: false, MEMBER: false },
  "billing:manage": { OWNER: true, ADMIN: false, MEMBER: false },
  "policies:manage": { OWNER: true, ADMIN: false, MEMBER: false },
  "security:manage": { OWNER: true, ADMIN: false, MEMBER: false },
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
});

describe("one vocabulary", () => {
  it("every API scope is a permission, and the role-only ones are no scope", () => {
    for (const scope of SCOPES) expect(ALL_PERMISSIONS).toContain(scope);
    const roleOnly = ALL_PERMISSIONS.filter((p) => !(SCOPES as readonly string[]).includes(p));
    expect(roleOnly.sort()).toEqual([
      "billing:manage",
      "members:manage",
      "members:read",
      "policies:manage",
      "security:manage",
    ]);
  });

  it("an owner or admin holds every scope, so whatever they grant a token is theirs", () => {
    for (const role of ["OWNER", "ADMIN"] as const) {
      for (const scope of SCOPES) expect(can(role, scope)).toBe(true);
    }
  });

  it("describes each role from the table, naming what it manages and what it only views", () => {
    expect(ROLE_DESCRIPTIONS).toEqual({
      OWNER:
        "Manage domains, API tokens, webhooks, members, billing, token policies and the two-factor requirement; view access logs and the audit log.",
      ADMIN:
        "Manage domains, API tokens and webhooks; view access logs, the audit log and members.",
      MEMBER: "View domains, access logs, API tokens, webhooks and members; change nothing.",
    });
  });

  it("a role that manages nothing says so; one that manages something does not", () => {
    for (const role of Object.values(Role)) {
      const managesSome = permissionsOf(role).some((p) => !p.endsWith(":read"));
      expect(ROLE_DESCRIPTIONS[role].startsWith("Manage ")).toBe(managesSome);
      expect(ROLE_DESCRIPTIONS[role].includes("change nothing")).toBe(!managesSome);
    }
  });
});

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
