import { describe, expect, it } from "vitest";
import { DEFAULT_SCOPES, permissionDetails, SCOPES } from "@/lib/permissions";
import {
  describeScopes,
  isDefaultScopes,
  presetOfScopes,
  READ_ONLY_SCOPES,
  RESOURCE_DESCRIPTIONS,
  resourceAccess,
  SCOPE_RESOURCES,
  scopesOfPreset,
  withResourceAccess,
} from "@/lib/scope-presets";

describe("scope presets", () => {
  it("Full access is every scope and Read only every :read scope", () => {
    expect(scopesOfPreset("full", [])).toEqual([...SCOPES]);
    expect(scopesOfPreset("readOnly", ["domains:write"])).toEqual([
      "domains:read",
      "logs:read",
      "tokens:read",
      "audit:read",
      "webhooks:read",
    ]);
    expect(scopesOfPreset("custom", ["tokens:read", "domains:read"])).toEqual([
      "domains:read",
      "tokens:read",
    ]);
  });

  it("recognizes a preset whatever the order, and calls the default custom", () => {
    expect(presetOfScopes([...SCOPES].reverse())).toBe("full");
    expect(
      presetOfScopes(["audit:read", "webhooks:read", "tokens:read", "logs:read", "domains:read"]),
    ).toBe("readOnly");
    expect(presetOfScopes(DEFAULT_SCOPES)).toBe("custom");
    expect(isDefaultScopes(["domains:write", "domains:read"])).toBe(true);
    expect(isDefaultScopes(READ_ONLY_SCOPES)).toBe(false);
  });

  it("offers Logs and the audit log no write level, since no such scopes exist", () => {
    expect(SCOPE_RESOURCES.map(({ resource, levels }) => [resource, levels])).toEqual([
      ["domains", ["none", "read", "write"]],
      ["logs", ["none", "read"]],
      ["tokens", ["none", "read", "write"]],
      ["audit", ["none", "read"]],
      ["webhooks", ["none", "read", "write"]],
    ]);
  });

  it("per resource: write implies read, and other resources are untouched", () => {
    expect(withResourceAccess(["logs:read"], "domains", "write")).toEqual([
      "domains:read",
      "domains:write",
      "logs:read",
    ]);
    expect(withResourceAccess(DEFAULT_SCOPES, "domains", "read")).toEqual(["domains:read"]);
    expect(withResourceAccess(DEFAULT_SCOPES, "domains", "none")).toEqual([]);
    expect(resourceAccess(["tokens:write"], "tokens")).toBe("write");
    expect(resourceAccess(["tokens:write"], "logs")).toBe("none");
    expect(resourceAccess(["domains:read"], "domains")).toBe("read");
  });
});

describe("describeScopes", () => {
  it.each([
    [[...SCOPES], "Full access"],
    [["domains:read", "logs:read", "tokens:read", "audit:read", "webhooks:read"], "Read only"],
    [
      ["domains:read", "logs:read", "tokens:read"],
      "Domains: read · Access logs: read · API tokens: read",
    ],
    [["domains:read", "domains:write"], "Domains: read & write"],
    [["domains:read", "logs:read"], "Domains: read · Access logs: read"],
    [["tokens:write", "logs:read"], "Access logs: read · API tokens: read & write"],
    [[], "No access"],
  ] as const)("%j reads %s", (scopes, text) => {
    expect(describeScopes(scopes)).toBe(text);
  });
});

describe("the custom choice's wording", () => {
  it("is written from the permission table: each resource's read, then what its write adds", () => {
    for (const { resource, label } of SCOPE_RESOURCES) {
      expect(label.length).toBeGreaterThan(0);
      expect(RESOURCE_DESCRIPTIONS[resource]).toContain(
        permissionDetails(`${resource}:read` as (typeof SCOPES)[number]).replace(/\.$/, ""),
      );
    }
    expect(RESOURCE_DESCRIPTIONS.domains).toBe(
      "List and read the organization's domains; with write, add, change and delete domains.",
    );
    expect(SCOPE_RESOURCES.map(({ label }) => label)).toEqual([
      "Domains",
      "Access logs",
      "API tokens",
      "Audit log",
      "Webhooks",
    ]);
  });
});
