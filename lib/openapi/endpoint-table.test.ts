import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { API_OPERATIONS } from "@/app/api/v1/operations";
import {
  endpointTable,
  TABLE_END,
  TABLE_START,
  withEndpointTable,
} from "@/lib/openapi/endpoint-table";
import { SELF_SCOPE } from "@/lib/permissions";

const API_DOC = path.join(import.meta.dirname, "../../docs/api.md");

describe("docs/api.md endpoint table", () => {
  it("is what `npm run docs:api` writes from the declarations (run it after changing one)", () => {
    const markdown = readFileSync(API_DOC, "utf8");
    expect(withEndpointTable(markdown, endpointTable(API_OPERATIONS))).toBe(markdown);
  });

  it("lists every declared operation with the scope it requires, or says it is public", () => {
    const table = endpointTable(API_OPERATIONS);
    for (const operation of API_OPERATIONS) {
      const row = table
        .split("\n")
        .find((line) => line.includes(`\`${operation.method} ${operation.path}`));
      const scope =
        operation.auth === "none"
          ? "| none (public) "
          : operation.scope === SELF_SCOPE
            ? "any (the token itself)"
            : `\`${operation.scope}\``;
      expect(row, `${operation.method} ${operation.path}`).toContain(scope);
      if (operation.selfTokenParam) expect(row).toContain(", none on itself");
    }
  });

  it("replaces only the text between the markers", () => {
    const markdown = `before\n${TABLE_START}\nold table\n${TABLE_END}\nafter\n`;
    expect(withEndpointTable(markdown, "new table")).toBe(
      `before\n${TABLE_START}\n\nnew table\n\n${TABLE_END}\nafter\n`,
    );
  });
});
