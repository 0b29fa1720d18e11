import { describe, expect, it } from "vitest";
import { createTestTenant, TEST_PASSWORD } from "@/test/factories";
import {
  type AppServer,
  appServerAndDatabaseForSuite,
  serverActionId,
  signInOverHttp,
} from "@/test/stress/harness";

// Server actions called the way a forger or a broken client would, against the production
// server: a foreign, `null`, missing or unreadable Origin, host headers that disagree with
// it, an action id that does not exist, an argument of the wrong shape. Each is the
// caller's mistake: a 4xx, nothing changed, and no error in the server's log.

/** Lines an operator would be paged for: pino's error and fatal levels, Next's ⨯ lines. */
const SERVER_ERROR_LINE = /"level":(50|60)|⨯|Aborting the action|TypeError/;

async function postAction(
  server: AppServer,
  options: {
    action: string;
    cookie: string;
    /** The Origin header; `undefined` sends none. */
    origin: string | undefined;
    headers?: Record<string, string>;
    args: unknown[];
    page?: string;
  },
) {
  const response = await fetch(`${server.url}${options.page ?? "/settings/billing"}`, {
    method: "POST",
    redirect: "manual",
    headers: {
      cookie: options.cookie,
      ...(options.origin === undefined ? {} : { origin: options.origin }),
      "next-action": serverActionId(options.action),
      "content-type": "text/plain;charset=UTF-8",
      accept: "text/x-component",
      ...options.headers,
    },
    body: JSON.stringify(options.args),
  });
  return { status: response.status, body: await response.text() };
}

/** Runs `requests` and returns what the server printed meanwhile. */
async function serverOutputDuring(server: AppServer, requests: () => Promise<void>) {
  const before = server.output();
  await requests();
  // The log line of a refused request is written before its response ends.
  const after = server.output();
  return after.startsWith(before) ? after.slice(before.length) : after;
}

describe("server actions refuse bad callers with a 4xx (no proxy trusted)", () => {
  const suite = appServerAndDatabaseForSuite({ TRUST_PROXY_HOPS: "0" });

  async function signedInTenant() {
    const { user, organization } = await createTestTenant({ plan: "PRO" });
    const session = await signInOverHttp(suite.server.url, user.email, TEST_PASSWORD);
    const plan = async () =>
      (await suite.client.query("SELECT plan FROM organizations WHERE id = $1", [organization.id]))
        .rows[0].plan;
    const sessionVersion = async () =>
      (await suite.client.query("SELECT session_version FROM users WHERE id = $1", [user.id]))
        .rows[0].session_version;
    return { cookie: session.cookie, plan, sessionVersion };
  }

  it.each([
    ["a foreign Origin", { origin: "https://evil.example" }],
    ["Origin: null (a sandboxed frame or a redirect chain)", { origin: "null" }],
    ["no Origin at all", { origin: undefined }],
    ["an Origin that is not a URL", { origin: "not a url" }],
    [
      "a foreign Origin with a forged X-Forwarded-Host to match",
      { origin: "https://evil.example", headers: { "x-forwarded-host": "evil.example" } },
    ],
  ])("%s: 403, nothing changes, no error logged", async (_name, request) => {
    const tenant = await signedInTenant();
    let answer = { status: 0, body: "" };
    const output = await serverOutputDuring(suite.server, async () => {
      answer = await postAction(suite.server, {
        action: "changePlanAction",
        cookie: tenant.cookie,
        args: [{ plan: "ENTERPRISE" }],
        ...request,
      });
    });
    expect(answer.status).toBe(403);
    expect(JSON.parse(answer.body)).toEqual({
      error: { code: "forbidden", message: expect.any(String) },
    });
    expect(await tenant.plan()).toBe("PRO");
    expect(output).not.toMatch(SERVER_ERROR_LINE);
  });

  it("an X-Forwarded-Host from an untrusted client is ignored: the same origin still works", async () => {
    const tenant = await signedInTenant();
    const answer = await postAction(suite.server, {
      action: "changePlanAction",
      cookie: tenant.cookie,
      origin: suite.server.url,
      headers: { "x-forwarded-host": "elsewhere.example" },
      args: [{ plan: "ENTERPRISE" }],
    });
    expect(answer.status).toBe(200);
    expect(await tenant.plan()).toBe("ENTERPRISE");
  });

  it("an action id that does not exist: a 4xx and no error logged", async () => {
    const tenant = await signedInTenant();
    let status = 0;
    const output = await serverOutputDuring(suite.server, async () => {
      const response = await fetch(`${suite.server.url}/settings/billing`, {
        method: "POST",
        headers: {
          cookie: tenant.cookie,
          origin: suite.server.url,
          "next-action": "7f".padEnd(42, "0"),
          "content-type": "text/plain;charset=UTF-8",
        },
        body: "[]",
      });
      await response.text();
      status = response.status;
    });
    expect(status).toBeGreaterThanOrEqual(400);
    expect(status).toBeLessThan(500);
    expect(output).not.toMatch(SERVER_ERROR_LINE);
  });

  it("sign-out posted with a plain object instead of a form: a 4xx, the session lives on, no error logged", async () => {
    const tenant = await signedInTenant();
    const versionBefore = await tenant.sessionVersion();
    let answer = { status: 0, body: "" };
    const output = await serverOutputDuring(suite.server, async () => {
      answer = await postAction(suite.server, {
        action: "signOutAction",
        page: "/settings",
        cookie: tenant.cookie,
        origin: suite.server.url,
        args: [{ callbackUrl: "/settings" }],
      });
    });
    expect(answer.status).toBeGreaterThanOrEqual(400);
    expect(answer.status).toBeLessThan(500);
    expect(await tenant.sessionVersion()).toBe(versionBefore);
    expect(output).not.toMatch(SERVER_ERROR_LINE);
  });

  it("the same origin, well formed, works", async () => {
    const tenant = await signedInTenant();
    const answer = await postAction(suite.server, {
      action: "changePlanAction",
      cookie: tenant.cookie,
      origin: suite.server.url,
      args: [{ plan: "ENTERPRISE" }],
    });
    expect(answer.status).toBe(200);
    expect(await tenant.plan()).toBe("ENTERPRISE");
  });
});

describe("server actions behind one trusted proxy (TRUST_PROXY_HOPS=1)", () => {
  const suite = appServerAndDatabaseForSuite({ TRUST_PROXY_HOPS: "1" });

  async function tenantCookie() {
    const { user } = await createTestTenant({ plan: "PRO" });
    return (await signInOverHttp(suite.server.url, user.email, TEST_PASSWORD)).cookie;
  }

  it("the proxy's X-Forwarded-Host is the host the Origin must match", async () => {
    const answer = await postAction(suite.server, {
      action: "changePlanAction",
      cookie: await tenantCookie(),
      origin: "https://mailshield.example",
      headers: { "x-forwarded-host": "mailshield.example" },
      args: [{ plan: "ENTERPRISE" }],
    });
    expect(answer.status).toBe(200);
  });

  it("an X-Forwarded-Host that disagrees with the Origin: 403, no error logged", async () => {
    const cookie = await tenantCookie();
    let status = 0;
    const output = await serverOutputDuring(suite.server, async () => {
      ({ status } = await postAction(suite.server, {
        action: "changePlanAction",
        cookie,
        origin: suite.server.url,
        headers: { "x-forwarded-host": "elsewhere.example" },
        args: [{ plan: "ENTERPRISE" }],
      }));
    });
    expect(status).toBe(403);
    expect(output).not.toMatch(SERVER_ERROR_LINE);
  });
});
