import { describe, expect, it } from "vitest";
import { describeAuditDetails } from "./audit-details";

// The Audit Log reads each event's metadata out loud: old → new in the UI's words, lists
// as entries added and removed. Events recorded long ago (a field named only) still read.

describe("describeAuditDetails", () => {
  it("a token edit: name, description, date in the UI's format, allowlist and scopes added and removed", () => {
    const details = describeAuditDetails("token.updated", {
      name: "CI",
      changes: {
        name: { before: "Old", after: "CI" },
        description: { before: null, after: "Deploys" },
        expirationDate: { before: "2027-01-06", after: null },
        ipAllowlist: { before: ["203.0.113.0/24"], after: ["203.0.113.0/24", "10.0.0.0/8"] },
        scopes: { before: ["domains:read", "domains:write"], after: ["domains:read"] },
      },
    });
    expect(details).toEqual([
      { kind: "change", label: "Name", before: "Old", after: "CI" },
      { kind: "change", label: "Description", before: "none", after: "Deploys" },
      { kind: "change", label: "Expires", before: "Jan 6, 2027", after: "Never" },
      { kind: "list", label: "IP allowlist", added: ["10.0.0.0/8"], removed: [] },
      {
        kind: "list",
        label: "Permissions",
        summary: { before: "Domains: read & write", after: "Domains: read" },
        added: [],
        removed: ["domains:write"],
      },
    ]);
  });

  it("roles, plans and policies in the dashboard's words", () => {
    expect(
      describeAuditDetails("member.role_changed", {
        changes: { role: { before: "OWNER", after: "MEMBER" } },
      }),
    ).toEqual([{ kind: "change", label: "Role", before: "Owner", after: "Member" }]);
    expect(
      describeAuditDetails("plan.changed", { changes: { plan: { before: "PRO", after: "FREE" } } }),
    ).toEqual([{ kind: "change", label: "Plan", before: "Pro", after: "Free" }]);
    expect(
      describeAuditDetails("policy.changed", {
        changes: { maxTokenLifetimeDays: { before: null, after: 90 } },
      }),
    ).toEqual([
      { kind: "change", label: "Maximum token lifetime", before: "No maximum", after: "90 days" },
    ]);
    expect(
      describeAuditDetails("policy.changed", {
        changes: { requireTwoFactor: { before: false, after: true } },
      }),
    ).toEqual([
      {
        kind: "change",
        label: "Two-factor authentication",
        before: "Not required",
        after: "Required",
      },
    ]);
  });

  it("what a creation set, and what a rotation chose", () => {
    expect(
      describeAuditDetails("token.created", {
        name: "CI",
        description: "",
        ipAllowlist: [],
        scopes: ["domains:read"],
        expirationDate: "2027-03-01",
      }),
    ).toEqual([
      { kind: "value", label: "Permissions", value: "Domains: read" },
      { kind: "value", label: "Expires", value: "Mar 1, 2027" },
      { kind: "value", label: "IP allowlist", value: "any IP" },
    ]);
    expect(
      describeAuditDetails("token.rotated", {
        gracePeriodSeconds: 86_400,
        expireOnFirstUse: true,
        rotationEndsAt: "2026-12-08T14:05:00.000Z",
        successorExpiresAt: null,
      }),
    ).toEqual([
      { kind: "value", label: "Grace period", value: "1 day" },
      { kind: "value", label: "Old token", value: "stops when the new one is first used" },
      { kind: "value", label: "Old token works until", value: "Dec 8, 2026, 14:05 UTC" },
      { kind: "value", label: "New token expires", value: "Never" },
    ]);
  });

  it("an invitation's new link: its expiry old → new", () => {
    expect(
      describeAuditDetails("member.invitation_resent", {
        email: "a@example.test",
        role: "ADMIN",
        changes: {
          expiresAt: { before: "2026-12-10T09:00:00.000Z", after: "2026-12-14T09:30:00.000Z" },
        },
      }),
    ).toEqual([
      {
        kind: "change",
        label: "Link expires",
        before: "Dec 10, 2026, 09:00 UTC",
        after: "Dec 14, 2026, 09:30 UTC",
      },
    ]);
  });

  it("old events: a field named without values, and a field this version does not know", () => {
    expect(describeAuditDetails("token.updated", { changes: ["name"] })).toEqual([
      { kind: "value", label: "Name", value: "changed" },
    ]);
    expect(
      describeAuditDetails("policy.changed", {
        changes: { someNewSetting: { before: "a", after: "b" } },
      }),
    ).toEqual([{ kind: "change", label: "Some new setting", before: "a", after: "b" }]);
    expect(describeAuditDetails("user.signed_in", {})).toEqual([]);
  });
});
