import { beforeAll, describe, expect, it, onTestFinished, vi } from "vitest";
import type { SessionContext } from "@/lib/session/session";
import { captureLogs } from "@/test/capture-logs";
import { createTestOrganization, createTestUser } from "@/test/factories";
import { sessionContextFor } from "@/test/session-context";

// The dashboard's CSV exports answer like every other endpoint: a refusal is the documented
// JSON error with its status, nothing is cached, and every answer carries a request id.
// The session comes from next-auth cookies, which do not exist outside a request; the test
// decides who is signed in.
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

const auditExport = await import("@/app/api/audit-log/export/route");
const routes = [
  { path: "/api/logs/export", route: await import("@/app/api/logs/export/route") },
  { path: "/api/audit-log/export", route: auditExport },
];

type Role = "OWNER" | "ADMIN" | "MEMBER";
let organization: { id: string; name: string; plan: "PRO" };
// A real member per role: the services authorize the signed-in person against the database.
const people = new Map<Role, { id: string; email: string; name: string | null }>();
beforeAll(async () => {
  const created = await createTestOrganization({ plan: "PRO" });
  organization = { id: created.id, name: created.name, plan: "PRO" };
  for (const role of ["OWNER", "ADMIN", "MEMBER"] as const) {
    const { user } = await createTestUser({ organizationId: created.id, role });
    people.set(role, user);
  }
});

function signIn(role: Role) {
  const user = people.get(role);
  if (!user) throw new Error(`no ${role} in the test organization`);
  session.current = sessionContextFor(user, organization, role);
}

describe.each(routes)("GET $path", ({ path, route }) => {
  it("answers 401 JSON, not stored, with a request id, when nobody is signed in", async () => {
    session.current = null;
    const response = await route.GET(new Request(`http://localhost${path}`));
    expect(response.status).toBe(401);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(response.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    expect(await response.json()).toEqual({
      error: {
        code: "unauthorized",
        message: "Your session has ended. Sign in again to continue.",
      },
    });
  });

  it("keeps a plain request id the client sent, on a refusal too", async () => {
    session.current = null;
    const response = await route.GET(
      new Request(`http://localhost${path}`, { headers: { "X-Request-Id": "export-1" } }),
    );
    expect(response.headers.get("x-request-id")).toBe("export-1");
  });

  it("answers 422 validation_error, not stored, with a request id, for a refused filter", async () => {
    signIn("OWNER");
    const response = await route.GET(new Request(`http://localhost${path}?from=0000-01-01`));
    expect(response.status).toBe(422);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(response.headers.get("x-request-id")).toBeTruthy();
    expect(await response.json()).toMatchObject({
      error: { code: "validation_error", message: "Invalid export filters." },
    });
  });

  it("streams a CSV, not stored, with a request id, to an owner", async () => {
    signIn("OWNER");
    const response = await route.GET(new Request(`http://localhost${path}`));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(response.headers.get("x-request-id")).toBeTruthy();
    await response.text();
  });
});

describe("the exports' log", () => {
  it("has one line per request, under its request id, with the outcome", async () => {
    const logs = captureLogs();
    onTestFinished(() => logs.restore());
    signIn("MEMBER");
    const refused = await auditExport.GET(
      new Request("http://localhost/api/audit-log/export", { headers: { "X-Request-Id": "a-1" } }),
    );
    signIn("OWNER");
    const served = await auditExport.GET(
      new Request("http://localhost/api/audit-log/export", { headers: { "X-Request-Id": "a-2" } }),
    );
    await served.text();
    expect(refused.status).toBe(403);
    expect(logs.lines().filter((line) => line.route === "audit.export")).toEqual([
      expect.objectContaining({ requestId: "a-1", outcome: "forbidden", status: 403 }),
      expect.objectContaining({ requestId: "a-2", outcome: "ok", status: 200 }),
    ]);
  });
});

describe("GET /api/audit-log/export", () => {
  it("answers 403 forbidden JSON, with a request id, to a member without audit:read", async () => {
    signIn("MEMBER");
    const response = await auditExport.GET(new Request("http://localhost/api/audit-log/export"));
    expect(response.status).toBe(403);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(response.headers.get("x-request-id")).toBeTruthy();
    expect(await response.json()).toEqual({
      error: { code: "forbidden", message: "Only owners and admins can view the audit log." },
    });
  });
});
