import { describe, expect, it } from "vitest";
import {
  auditEventFiltersToSearchParams,
  encodeAuditCursor,
  parseAuditEventFilters,
} from "./audit";

// The Audit Log page keeps what it can of a hand-edited URL and says what it dropped.

const USER = "0193a000-0000-7000-8000-0000000000aa";

describe("parseAuditEventFilters", () => {
  it("reads every filter and writes the same URL back", () => {
    const cursor = encodeAuditCursor({ createdAt: new Date("2026-11-01T00:00:00Z"), id: USER });
    const params = new URLSearchParams({
      actor: `user:${USER.toUpperCase()}`,
      action: "token.revoked",
      range: "7d",
      cursor,
      limit: "20",
    });
    const { filters, notices } = parseAuditEventFilters(params);
    expect(notices).toEqual([]);
    expect(filters).toMatchObject({
      actor: { kind: "user", id: USER },
      action: "token.revoked",
      range: "7d",
      limit: 20,
    });
    expect(auditEventFiltersToSearchParams(filters, { cursor }).toString()).toBe(
      new URLSearchParams({
        actor: `user:${USER}`,
        action: "token.revoked",
        range: "7d",
        limit: "20",
        cursor,
      }).toString(),
    );
  });

  it("drops each bad parameter with a notice and keeps the others", () => {
    const { filters, notices, issues } = parseAuditEventFilters({
      actor: "admin",
      action: "token.revoked",
      from: "2026-11-10",
      to: "2026-11-01",
      cursor: "%%%",
    });
    expect(filters).toMatchObject({ action: "token.revoked", limit: 50 });
    expect(filters.actor).toBeUndefined();
    expect(filters.from).toBeUndefined();
    expect(issues.map((issue) => issue.path).sort()).toEqual(["actor", "cursor", "from"]);
    expect(notices).toContain(
      'Ignored actor filter: Actor must be "user:<id>", "token:<id>" or "system".',
    );
  });

  it("hides sign-ins with hideSignIns=true, kept in the URL; another value is dropped", () => {
    const { filters, notices } = parseAuditEventFilters({ hideSignIns: "true" });
    expect(notices).toEqual([]);
    expect(filters.hideSignIns).toBe(true);
    expect(auditEventFiltersToSearchParams(filters).toString()).toBe("hideSignIns=true");
    expect(parseAuditEventFilters({ hideSignIns: "false" }).filters.hideSignIns).toBeUndefined();
    expect(parseAuditEventFilters({ hideSignIns: "yes" }).notices).toEqual([
      "Ignored “Hide sign-ins”: hideSignIns must be true or false.",
    ]);
  });
});
