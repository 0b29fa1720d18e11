import { describe, expect, it } from "vitest";
import { createTestTenant, TEST_PASSWORD } from "@/test/factories";
import { appServerAndDatabaseForSuite, signInOverHttp } from "@/test/stress/harness";

// What a browser relies on, checked against the production server: security headers on
// pages and API responses (a fresh script nonce on every page), the session cookie's flags
// over HTTP and HTTPS, and sign-out ending the session on the server. Server actions
// refusing cross-origin posts (CSRF) are in server-actions.stress.test.ts.

const suite = appServerAndDatabaseForSuite({ TRUST_PROXY_HOPS: "0" });

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

/** The directive `name` of a Content-Security-Policy, e.g. "script-src 'self' …". */
function directive(csp: string, name: string): string {
  return (
    csp
      .split(";")
      .map((part) => part.trim())
      .find((part) => part.startsWith(`${name} `)) ?? ""
  );
}

/** The page's policy, its script nonce, and every <script> tag of its HTML. */
async function pageScripts(url: string, cookie = "") {
  const response = await fetch(url, { headers: { cookie }, redirect: "manual" });
  const html = await response.text();
  const csp = response.headers.get("content-security-policy") ?? "";
  const scriptSrc = directive(csp, "script-src");
  const nonce = scriptSrc.match(/'nonce-([^']+)'/)?.[1];
  return {
    status: response.status,
    scriptSrc,
    nonce,
    scripts: html.match(/<script\b[^>]*>/g) ?? [],
  };
}

describe("Content-Security-Policy: only the page's own scripts run", () => {
  async function expectNoncedPage(url: string, cookie = "") {
    const first = await pageScripts(url, cookie);
    const second = await pageScripts(url, cookie);
    expect(first.scriptSrc).not.toContain("'unsafe-inline'");
    expect(first.scriptSrc).toContain("'strict-dynamic'");
    expect(first.nonce).toMatch(/^[A-Za-z0-9+/_-]{22,}={0,2}$/);
    // A nonce an attacker could learn from one response must not open the next one.
    expect(second.nonce).toBeDefined();
    expect(second.nonce).not.toBe(first.nonce);
    // Next's own bootstrap and chunk scripts carry this response's nonce, so they run.
    expect(first.scripts.length).toBeGreaterThan(0);
    for (const tag of first.scripts) expect(tag).toContain(`nonce="${first.nonce}"`);
    return first;
  }

  it.each(["/login", "/signup", "/no-such-page"])(
    "%s has a fresh nonce per response and no 'unsafe-inline' for scripts",
    async (pathname) => {
      await expectNoncedPage(`${suite.server.url}${pathname}`);
    },
  );

  it("a dashboard page too", async () => {
    const { user } = await createTestTenant();
    const session = await signInOverHttp(suite.server.url, user.email, TEST_PASSWORD);
    const page = await expectNoncedPage(`${suite.server.url}/settings/api-tokens`, session.cookie);
    expect(page.status).toBe(200);
  });

  it("an API response allows no inline script either", async () => {
    const response = await fetch(`${suite.server.url}/api/v1/domains`);
    await response.text();
    const scriptSrc = directive(
      response.headers.get("content-security-policy") ?? "",
      "script-src",
    );
    expect(scriptSrc).toMatch(/^script-src /);
    expect(scriptSrc).not.toContain("'unsafe-inline'");
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

  it("ignores X-Forwarded-Proto from a client when no proxy is trusted", async () => {
    const { user } = await createTestTenant();
    const session = await signInOverHttp(suite.server.url, user.email, TEST_PASSWORD, {
      "x-forwarded-proto": "https",
    });
    expect(session.setCookies.some((c) => c.startsWith("next-auth.session-token="))).toBe(true);
    expect(session.setCookies.some((c) => c.startsWith("__Secure-"))).toBe(false);
  });

  it("stops working after sign-out (the server-side session record is deleted)", async () => {
    const { user } = await createTestTenant();
    const session = await signInOverHttp(suite.server.url, user.email, TEST_PASSWORD);
    const page = () =>
      fetch(`${suite.server.url}/settings/api-tokens`, {
        headers: { cookie: session.cookie },
        redirect: "manual",
      });
    expect((await page()).status).toBe(200);
    // Signing out (next-auth's endpoint; the dashboard's button deletes the same row).
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

describe("session cookie behind one trusted TLS proxy (TRUST_PROXY_HOPS=1)", () => {
  // Such a deployment's public URL, which production requires, is https://: next-auth takes
  // the cookies' security from it.
  const proxied = appServerAndDatabaseForSuite({
    TRUST_PROXY_HOPS: "1",
    NEXTAUTH_URL: "https://mailshield.example.test",
  });

  it("is __Secure- prefixed and Secure when served over HTTPS (X-Forwarded-Proto: https)", async () => {
    const { user } = await createTestTenant();
    const session = await signInOverHttp(proxied.server.url, user.email, TEST_PASSWORD, {
      "x-forwarded-proto": "https",
    });
    const cookie = session.setCookies.find((c) =>
      c.startsWith("__Secure-next-auth.session-token="),
    );
    expect(cookie).toBeDefined();
    expect(cookie).toMatch(/;\s*Secure/i);
    expect(cookie).toMatch(/;\s*HttpOnly/i);
    expect(cookie).toMatch(/;\s*SameSite=Lax/i);
  });
});
