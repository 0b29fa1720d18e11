import fc from "fast-check";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { createLogTestToken, insertLogRows } from "@/lib/services/logs/test-fixtures";
import type { SessionContext } from "@/lib/session/session";
import { hostileDateParam, hostileNumberParam } from "@/lib/validations/test-arbitraries";
import { createTestOrganization } from "@/test/factories";
import { sessionContextFor } from "@/test/session-context";

// The session comes from next-auth cookies, which do not exist outside a request; the
// test decides who is signed in. Everything else (filters, queries, CSV) is real.
const session = vi.hoisted(() => ({ current: null as SessionContext | null }));
vi.mock("@/lib/session/session", async (importOriginal) => {
  const original = await importOriginal<typeof import("@/lib/session/session")>();
  return {
    ...original,
    getSessionContext: async () => session.current,
    // As the real one, on the session this test chose (the two-factor policy is off here).
    requireActionContext: async () => {
      if (!session.current) throw original.sessionEnded();
      return session.current;
    },
  };
});

const { GET } = await import("./route");

function exportRequest(query = ""): Request {
  return new Request(`http://localhost/api/logs/export${query}`);
}

describe("GET /api/logs/export", () => {
  let organizationId: string;
  let tokenId: string;

  beforeAll(async () => {
    const organization = await createTestOrganization();
    organizationId = organization.id;
    const token = await createLogTestToken(organizationId, { name: "Exported" });
    tokenId = token.id;
    const other = await createLogTestToken((await createTestOrganization()).id);
    const now = Date.now();
    await insertLogRows(token, [
      { createdAt: new Date(now - 3000), status: 200, path: "/api/v1/domains" },
      { createdAt: new Date(now - 2000), status: 403, path: "/api/v1/domains/x" },
    ]);
    await insertLogRows(other, [{ createdAt: new Date(now - 1000), status: 403 }]);
  });

  it("answers 401 JSON when nobody is signed in", async () => {
    session.current = null;
    const response = await GET(exportRequest());
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({
      error: {
        code: "unauthorized",
        message: "Your session has ended. Sign in again to continue.",
      },
    });
  });

  it("streams the signed-in organization's filtered log as a CSV attachment", async () => {
    session.current = sessionContextFor(
      { id: "u", email: "owner@example.com", name: null },
      { id: organizationId, name: "Org", plan: "PRO" },
      "MEMBER",
    );
    const response = await GET(exportRequest(`?token=${tokenId}&code=403&cursor=bogus`));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toMatch(
      /^attachment; filename="access-logs-\d{8}-\d{6}\.csv"$/,
    );
    const lines = (await response.text()).trimEnd().split("\r\n");
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^timestamp_utc,token_id,token_name,/);
    expect(lines[1]).toContain(",Exported,");
    expect(lines[1]).toContain(",/api/v1/domains/x,403,");
  });

  it("answers 422 validation_error for a filter the page would have ignored", async () => {
    const response = await GET(exportRequest("?from=0000-01-01&code=99"));
    expect(response.status).toBe(422);
    expect(await response.json()).toEqual({
      error: {
        code: "validation_error",
        message: "Invalid export filters.",
        issues: [
          { path: "code", message: "Status codes are three digits, 100–599." },
          { path: "from", message: "Dates must be between 1970 and 9999." },
        ],
      },
    });
  });

  it("never fails on hostile dates and numbers: a CSV or a 422 (property)", async () => {
    const query = fc.record(
      {
        from: hostileDateParam,
        to: hostileDateParam,
        code: hostileNumberParam,
        status: hostileNumberParam,
        limit: hostileNumberParam,
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(query, async (params) => {
        const response = await GET(exportRequest(`?${new URLSearchParams(params)}`));
        expect([200, 422]).toContain(response.status);
        await response.text();
      }),
      { numRuns: 60 },
    );
  });

  it("exports only the organization's own rows without filters", async () => {
    const response = await GET(exportRequest());
    const lines = (await response.text()).trimEnd().split("\r\n");
    expect(lines).toHaveLength(3);
    expect(lines.slice(1).every((line) => line.includes(tokenId))).toBe(true);
  });
});
