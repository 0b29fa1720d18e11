import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createTestTenant, TEST_PASSWORD } from "@/test/factories";
import {
  appServerAndDatabaseForSuite,
  ROOT,
  signInOverHttp,
  startAppServer,
  stopProcess,
} from "@/test/stress/harness";

// What a browser relies on, checked against the production server: security headers on
// pages and API responses, the session cookie's flags over HTTP and HTTPS, server actions
// refusing cross-origin posts (CSRF), and sign-out ending the session on the server.

const suite = appServerAndDatabaseForSuite();

function expectSecurityHeaders(headers: Headers) {
  const csp = headers.get("content-security-policy") ?? "";
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("default-src 'self'");
  expect(csp).not.toContain("unsafe-eval");
  expect(headers.get("x-content-type-options")).toBe("nosniff");
  expect(headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
  expect(headers.get("strict-transport-security")).toMatch(/max-age=\d{7,}/);
  expect(headers.get("x-powered-by")).toBeNull();
}

/** The id of a server action in the production build, looked up by its exported name. */
function serverActionId(exportedName: string): string {
  const manifest = JSON.parse(
    readFileSync(path.join(ROOT, ".next/server/server-reference-manifest.json"), "utf8"),
  ) as { node: Record<string, { exportedName?: string; filename?: string }> };
  const entry = Object.entries(manifest.node).find(
    ([, value]) => value.exportedName === exportedName,
  );
  if (!entry) throw new Error(`server action ${exportedName} not found in the build`);
  return entry[0];
}

describe("security headers in production", () => {
  it("are sent on a page", async () => {
    const response = await fetch(`${suite.server.url}/login`);
    expect(response.status).toBe(200);
    expectSecurityHeaders(response.headers);
  });

  it("are sent on an API response", async () => {
    const response = await fetch(`${suite.server.url}/api/v1/domains`);
    expect(response.status).toBe(401);
    expectSecurityHeaders(response.headers);
  });
});

describe("session cookie", () => {
  it("is HttpOnly and SameSite=Lax over HTTP", async () => {
    const { user } = await createTestTenant();
    const session = await signInOverHttp(suite.server.url, user.email, TEST_PASSWORD);
    const cookie = session.setCookies.find((c) => c.startsWith("next-auth.session-token="));
    expect(cookie).toBeDefined();
    expect(cookie).toMatch(/;\s*HttpOnly/i);
    expect(cookie).toMatch(/;\s*SameSite=Lax/i);
    expect(cookie).toMatch(/;\s*Path=\//i);
  });

  it("is __Secure- prefixed and Secure when served over HTTPS (behind a TLS proxy)", async () => {
    // Such a deployment's public URL, which production requires, is https://: next-auth
    // takes the cookies' security from it.
    const server = await startAppServer({
      DATABASE_URL: process.env.DATABASE_URL ?? "",
      NEXTAUTH_URL: "https://mailshield.example.test",
    });
    try {
      const { user } = await createTestTenant();
      const session = await signInOverHttp(server.url, user.email, TEST_PASSWORD, {
        "x-forwarded-proto": "https",
      });
      const cookie = session.setCookies.find((c) =>
        c.startsWith("__Secure-next-auth.session-token="),
      );
      expect(cookie).toBeDefined();
      expect(cookie).toMatch(/;\s*Secure/i);
      expect(cookie).toMatch(/;\s*HttpOnly/i);
      expect(cookie).toMatch(/;\s*SameSite=Lax/i);
    } finally {
      await stopProcess(server.child);
    }
  });

  it("stops working everywhere after sign-out (server-side session version)", async () => {
    const { user } = await createTestTenant();
    const session = await signInOverHttp(suite.server.url, user.email, TEST_PASSWORD);
    const page = () =>
      fetch(`${suite.server.url}/settings/api-tokens`, {
        headers: { cookie: session.cookie },
        redirect: "manual",
      });
    expect((await page()).status).toBe(200);
    // Signing out (next-auth's endpoint; the dashboard's button bumps the same version).
    const csrf = await fetch(`${suite.server.url}/api/auth/csrf`, {
      headers: { cookie: session.cookie },
    });
    const { csrfToken } = (await csrf.json()) as { csrfToken: string };
    const csrfCookie = csrf.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; ");
    await fetch(`${suite.server.url}/api/auth/signout`, {
      method: "POST",
      redirect: "manual",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        cookie: `${session.cookie}; ${csrfCookie}`,
      },
      body: new URLSearchParams({ csrfToken, json: "true" }).toString(),
    });
    // The old cookie, replayed (as a thief would), no longer opens the dashboard.
    const replay = await page();
    expect(replay.status).toBe(307);
    expect(replay.headers.get("location")).toMatch(/\/login/);
  });
});

describe("CSRF: server actions refuse cross-origin requests", () => {
  async function changePlanRequest(cookie: string, origin: string) {
    return fetch(`${suite.server.url}/settings/billing`, {
      method: "POST",
      redirect: "manual",
      headers: {
        cookie,
        origin,
        "next-action": serverActionId("changePlanAction"),
        "content-type": "text/plain;charset=UTF-8",
        accept: "text/x-component",
      },
      body: JSON.stringify([{ plan: "ENTERPRISE" }]),
    });
  }

  it("a foreign Origin is rejected and changes nothing; the same origin works", async () => {
    const { user, organization } = await createTestTenant({ plan: "PRO" });
    const session = await signInOverHttp(suite.server.url, user.email, TEST_PASSWORD);
    const plan = async () =>
      (await suite.client.query("SELECT plan FROM organizations WHERE id = $1", [organization.id]))
        .rows[0].plan;

    const forged = await changePlanRequest(session.cookie, "https://evil.example");
    await forged.text();
    expect(forged.status).toBeGreaterThanOrEqual(400);
    expect(await plan()).toBe("PRO");

    const genuine = await changePlanRequest(session.cookie, suite.server.url);
    await genuine.text();
    expect(genuine.status).toBe(200);
    expect(await plan()).toBe("ENTERPRISE");
  });
});
