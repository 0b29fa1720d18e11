import { randomUUID } from "node:crypto";
import { expect, type Page, test } from "@playwright/test";
import { expectNoSessionFromNextAuth, sessionCookieHeader } from "./revoked-session";

const PASSWORD = "correct horse battery staple";

function uniqueAccount() {
  const suffix = randomUUID().slice(0, 8);
  return {
    name: "Ada Lovelace",
    organizationName: `Analytical Engines ${suffix}`,
    email: `e2e-auth-${suffix}@example.test`,
  };
}

async function signUp(page: Page, account: ReturnType<typeof uniqueAccount>) {
  await page.goto("/signup");
  await page.getByLabel("Your name").fill(account.name);
  await page.getByLabel("Organization name").fill(account.organizationName);
  await page.getByLabel("Email").fill(account.email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  // Signed in at once: the dashboard, not the sign-in page (as e2e/helpers.ts waits).
  await expect(page).toHaveURL(/\/settings\/api-tokens$/, { timeout: 30_000 });
}

/** Signs up, then forgets the session, for tests that start from a signed-out account. */
async function signUpSignedOut(page: Page, account: ReturnType<typeof uniqueAccount>) {
  await signUp(page, account);
  await page.context().clearCookies();
}

async function signIn(page: Page, email: string, password: string) {
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}

test("sign up lands signed in on the dashboard, then sign out", async ({ page }) => {
  const account = uniqueAccount();
  await signUp(page, account);

  await expect(page.getByRole("heading", { name: "API Tokens", level: 1 })).toBeVisible();
  const header = page.getByRole("banner");
  await expect(header.getByText(account.organizationName)).toBeVisible();
  await expect(header.getByText("Free plan")).toBeVisible();
  await expect(header.getByText(account.email)).toBeVisible();
  const nav = page.getByRole("navigation", { name: "Settings" });
  await expect(nav.getByRole("link", { name: "API Tokens" })).toHaveAttribute(
    "aria-current",
    "page",
  );

  await nav.getByRole("link", { name: "Billing" }).click();
  await expect(page).toHaveURL(/\/settings\/billing$/);
  await expect(page.getByText("Simulated billing — no payment is taken")).toBeVisible();

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login$/);

  // The session is gone: the dashboard sends the visitor back to sign in.
  await page.goto("/settings/billing");
  await expect(page).toHaveURL(/\/login\?callbackUrl=%2Fsettings%2Fbilling$/);
  await expect(page.getByRole("button", { name: "Sign in", exact: true })).toBeVisible();
});

test("when signing in after sign-up fails, the sign-in page says the account exists", async ({
  page,
}) => {
  // The account is created, but the automatic sign-in cannot reach next-auth.
  await page.route("**/api/auth/callback/credentials**", (route) => route.abort());
  const account = uniqueAccount();
  await page.goto("/signup");
  await page.getByLabel("Your name").fill(account.name);
  await page.getByLabel("Organization name").fill(account.organizationName);
  await page.getByLabel("Email").fill(account.email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();

  await expect(page).toHaveURL(/\/login\?registered=1$/);
  await expect(page.getByText("Account created")).toBeVisible();
  await expect(page.getByText("We could not sign you in automatically.")).toBeVisible();
  // Nothing is lost: the email is filled in and the account signs in by hand.
  await expect(page.getByLabel("Email")).toHaveValue(account.email);
  await page.unroute("**/api/auth/callback/credentials**");
  await signIn(page, account.email, PASSWORD);
  await expect(page).toHaveURL(/\/settings\/api-tokens$/);
});

test("a wrong password gets the generic error and keeps the typed email", async ({ page }) => {
  const account = uniqueAccount();
  await signUpSignedOut(page, account);

  await page.goto("/login");
  await signIn(page, account.email, `${PASSWORD}-wrong`);
  await expect(page.getByRole("alert").getByText("Invalid email or password")).toBeVisible();
  await expect(page.getByLabel("Email")).toHaveValue(account.email);
  await expect(page).toHaveURL(/\/login/);

  // An unknown email gets exactly the same message: no account enumeration.
  await page.goto("/login");
  await signIn(page, `nobody-${randomUUID().slice(0, 8)}@example.test`, PASSWORD);
  await expect(page.getByRole("alert").getByText("Invalid email or password")).toBeVisible();
});

test("signed-out visitors of dashboard pages are sent to sign in, then back", async ({ page }) => {
  const account = uniqueAccount();
  await signUpSignedOut(page, account);

  await page.goto("/settings/api-tokens");
  await expect(page).toHaveURL(/\/login\?callbackUrl=%2Fsettings%2Fapi-tokens$/);

  await page.goto("/settings/billing");
  await expect(page).toHaveURL(/\/login\?callbackUrl=%2Fsettings%2Fbilling$/);
  await signIn(page, account.email, PASSWORD);
  await expect(page).toHaveURL(/\/settings\/billing$/);
  await expect(page.getByRole("heading", { name: "Billing" })).toBeVisible();
});

test("signing up again with a registered email explains the problem and keeps the input", async ({
  page,
}) => {
  const account = uniqueAccount();
  await signUpSignedOut(page, account);

  await page.goto("/signup");
  await page.getByLabel("Your name").fill("Someone Else");
  await page.getByLabel("Organization name").fill("Another Org");
  await page.getByLabel("Email").fill(account.email.toUpperCase());
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();

  await expect(page.getByText("An account with this email already exists")).toBeVisible();
  await expect(page.getByLabel("Email")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByLabel("Organization name")).toHaveValue("Another Org");
  await expect(page).toHaveURL(/\/signup$/);
});

test("signing out ends this browser's session on the server; another browser stays signed in", async ({
  browser,
  baseURL,
}) => {
  test.slow(); // two browsers, a sign-up and a sign-in (argon2) on a shared machine
  const account = uniqueAccount();
  const first = await browser.newContext();
  const second = await browser.newContext();
  try {
    const firstPage = await first.newPage();
    const secondPage = await second.newPage();
    await signUp(firstPage, account);
    await secondPage.goto("/login");
    await signIn(secondPage, account.email, PASSWORD);
    await expect(secondPage).toHaveURL(/\/settings\/api-tokens$/, { timeout: 30_000 });
    const firstCookie = await sessionCookieHeader(first);
    const secondCookie = await sessionCookieHeader(second);

    await firstPage.getByRole("button", { name: "Sign out" }).click();
    await expect(firstPage).toHaveURL(/\/login$/);

    // The signed-out cookie, replayed, gets no session (nor a fresh cookie) from next-auth.
    await expectNoSessionFromNextAuth(baseURL ?? "", firstCookie);
    expect(secondCookie).not.toBe(firstCookie);

    // The other browser is its own session (Settings → Security → Sessions ends it).
    await secondPage.goto("/settings/billing");
    await expect(secondPage).toHaveURL(/\/settings\/billing$/);
  } finally {
    await first.close();
    await second.close();
  }
});

test("an owner switches plan on the simulated billing page", async ({ page }) => {
  const account = uniqueAccount();
  await signUp(page, account);

  await page.goto("/settings/billing");
  await page.getByRole("button", { name: "Upgrade to Pro" }).click();
  await expect(page.getByRole("banner").getByText("Pro plan")).toBeVisible();
  await expect(page.getByRole("row", { name: /Pro.*Current plan/ })).toBeVisible();

  // Losing API access asks first, and cancelling keeps the plan.
  await page.getByRole("button", { name: "Downgrade to Free" }).click();
  const dialog = page.getByRole("alertdialog");
  await expect(dialog).toContainText("no API access");
  await dialog.getByRole("button", { name: "Keep Pro" }).click();
  await expect(page.getByRole("banner").getByText("Pro plan")).toBeVisible();

  await page.getByRole("button", { name: "Downgrade to Free" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Switch plan" }).click();
  await expect(page.getByRole("banner").getByText("Free plan")).toBeVisible();
});

test("the API is never redirected to the sign-in page", async ({ request }) => {
  const response = await request.get("/api/v1/domains", { maxRedirects: 0 });
  expect(response.status()).toBe(401);
});

test("health answers ok when the database is up", async ({ request }) => {
  const response = await request.get("/api/health");
  expect(response.status()).toBe(200);
  expect(await response.json()).toEqual({ status: "ok" });
});

// Sign-in links whose callbackUrl tries to leave the site, each in a different disguise.
const HOSTILE_CALLBACKS = [
  "/..//evil.example",
  "//evil.example",
  "/\\evil.example",
  "/%2f%2fevil.example",
  "/%5cevil.example",
  "/\t/evil.example",
  "https://evil.example/settings",
];

test("a sign-in link cannot send the user to another site", async ({ page, baseURL }) => {
  const origin = new URL(baseURL ?? "").origin;
  // Nothing may leave this machine: a request to any other origin is answered here.
  await page.context().route(
    (url) => url.origin !== origin,
    (route) => route.fulfill({ status: 200, contentType: "text/plain", body: "left the site" }),
  );
  const expectOnDashboard = async () => {
    await expect(page).toHaveURL(`${origin}/settings/api-tokens`);
    await expect(page.getByRole("heading", { name: "API Tokens", level: 1 })).toBeVisible();
  };
  const account = uniqueAccount();
  await signUpSignedOut(page, account);

  // A victim who signs in from such a link lands on our dashboard.
  await page.goto(`/login?callbackUrl=${encodeURIComponent("/..//evil.example")}`);
  await signIn(page, account.email, PASSWORD);
  await expectOnDashboard();

  for (const target of HOSTILE_CALLBACKS) {
    // A signed-in user following such a link is sent to the dashboard...
    await page.goto(`/login?callbackUrl=${encodeURIComponent(target)}`);
    await expectOnDashboard();
    // ...and so is anyone whom next-auth's own endpoints would redirect.
    const csrf = (await (await page.request.get("/api/auth/csrf")).json()) as {
      csrfToken: string;
    };
    const response = await page.request.post("/api/auth/callback/credentials", {
      form: {
        email: account.email,
        password: PASSWORD,
        csrfToken: csrf.csrfToken,
        callbackUrl: target,
        json: "true",
      },
    });
    const { url } = (await response.json()) as { url: string };
    expect(new URL(url).origin, target).toBe(origin);
    expect(new URL(url).pathname, target).toBe("/settings/api-tokens");
  }
});
