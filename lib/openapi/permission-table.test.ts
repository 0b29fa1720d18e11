import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { withGeneratedSection } from "@/lib/openapi/endpoint-table";
import {
  PERMISSIONS_END,
  PERMISSIONS_START,
  permissionTable,
} from "@/lib/openapi/permission-table";
import { ALL_PERMISSIONS, SCOPES } from "@/lib/permissions";

const API_DOC = path.join(import.meta.dirname, "../../docs/api.md");

describe("docs/api.md permission table", () => {
  it("is what `npm run docs:api` writes from lib/permissions.ts (run it after changing it)", () => {
    const markdown = readFileSync(API_DOC, "utf8");
    const markers = { start: PERMISSIONS_START, end: PERMISSIONS_END };
    expect(withGeneratedSection(markdown, markers, permissionTable())).toBe(markdown);
  });

  it("has a row per permission, the scopes marked as such", () => {
    const rows = permissionTable().split("\n").slice(2);
    expect(rows).toHaveLength(ALL_PERMISSIONS.length);
    for (const scope of SCOPES) {
      expect(rows.find((row) => row.startsWith(`| \`${scope}\``))).toMatch(/\| yes +\|$/);
    }
  });
});
