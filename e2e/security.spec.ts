import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import { expect, type Page, test } from "@playwright/test";
import { signIn as signInToDashboard } from "./helpers";
import { expectNoSessionFromNextAuth, sessionCookieHeader } from "./revoked-session";

// Stored XSS and secret exposure, in a real browser: a token named like an HTML payload,
// with a script-shaped description, used by a client whose path and user agent are
// payloads too, must render as plain text on the tokens list, the token page and Access
// Logs, and land in the CSV export as text with formulas neutralized. No dialog may ever
// open. After the one-time reveal, neither the plaintext nor its hash is in any page.
// Runs as the seeded Enterprise demo user with unique names, so it can repeat.

const DEMO_EMAIL = "enterprise@mailshield.test";

test.use({ permissions: ["clipboard-read", "clipboard-write"] });

const signIn = (page: Page) => signInToDashboard(page, DEMO_EMAIL);

/** Creates a fresh account, so the demo users' passwords never change. */
async function signUpAs(
  page: Page,
  account: { name: string; organization: string; email: string },
  password: string,
) {
  await page.goto("/signup");
  await page.getByLabel("Your name").fill(account.name);
  await page.getByLabel("Organization name").fill(account.organization);
  await page.getByLabel("Email").fill(account.email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Create account" }).click();
  // Sign-up signs the new account in.
  await expect(page).toHaveURL(/\/settings\/api-tokens$/, { timeout: 30_000 });
}

async function signInAs(page: Page, email: string, password: string) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}

test("HTML and script in names, descriptions, paths and user agents render inert everywhere", async ({
  page,
  request,
}) => {
  const dialogs: string[] = [];
  page.on("dialog", async (dialog) => {
    dialogs.push(dialog.message());
    await dialog.dismiss();
  });
  const suffix = randomUUID().slice(0, 8);
  const name = `<img src=x onerror=alert(1)> ${suffix}`;
  const description = `</textarea><script>alert(2)</script>"'><svg onload=alert(3)>`;
  const userAgent = `=HYPERLINK("http://evil.example") <img src=y onerror=alert(5)>`;

  await signIn(page);
  await page.getByRole("button", { name: "Create Token", exact: true }).click();
  const dialog = page.getByRole("dialog", { name: "Create API token" });
  await dialog.getByLabel("Name").fill(name);
  await dialog.getByLabel("Description").fill(description);
  await dialog.getByRole("button", { name: "Create", exact: true }).click();
  const reveal = page.getByRole("dialog", { name: "Copy your new API token" });
  const token = await reveal.getByLabel("API token").inputValue();
  expect(token).toMatch(/^ms_[A-Za-z0-9_-]{43}$/);
  await reveal.getByRole("button", { name: "Copy", exact: true }).click();
  await reveal.getByRole("button", { name: "Done" }).click();
  await expect(reveal).toBeHidden();

  // The tokens list shows the name as text; no element was created from it.
  const link = page.getByRole("link", { name, exact: true });
  await expect(link).toBeVisible();
  await expect(page.locator('img[src="x"]')).toHaveCount(0);

  // A client whose request carries payloads in the path and the user agent.
  const payloadPath = `/api/v1/domains?q=${encodeURIComponent("<script>alert(4)</script>")}`;
  const apiResponse = await request.get(payloadPath, {
    headers: { Authorization: `Bearer ${token}`, "User-Agent": userAgent },
  });
  expect(apiResponse.status()).toBe(200);

  // The token page: name and description as text.
  await link.click();
  await expect(page.getByRole("heading", { name })).toBeVisible();
  await expect(page.getByRole("paragraph").filter({ hasText: description })).toBeVisible();
  // The edit form holds it as the textarea's value, not as markup.
  await expect(page.getByRole("textbox", { name: /Description/ })).toHaveValue(description);
  await expect(page.locator('img[src="x"], svg[onload]')).toHaveCount(0);
  const tokenId = page.url().split("/").at(-1) ?? "";

  // Access Logs: the name, the path and the user agent as text.
  await page.goto(`/settings/api-tokens/access-logs?token=${tokenId}`);
  const rows = page.getByTestId("access-log-row");
  await expect(async () => {
    await page.reload();
    await expect(rows).toHaveCount(1, { timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
  await expect(rows.first()).toContainText(name);
  // Clients send the path percent-encoded; it is shown exactly as received.
  await expect(rows.first()).toContainText("q=%3Cscript%3Ealert%284%29%3C%2Fscript%3E");
  await expect(page.locator('img[src="x"], img[src="y"], script:text("alert(4)")')).toHaveCount(0);

  // CSV: the values as text; the formula-shaped user agent is neutralized.
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Export CSV" }).click(),
  ]);
  const csv = await readFile(await download.path(), "utf8");
  expect(csv).toContain(name);
  expect(csv).toContain(`"'=HYPERLINK(""http://evil.example"") <img src=y onerror=alert(5)>"`);

  // No page ever contained the plaintext or its hash after the reveal.
  const hash = await page.evaluate(async (value) => {
    const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(value));
    return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, "0")).join("");
  }, token);
  for (const path of [
    "/settings/api-tokens",
    `/settings/api-tokens/${tokenId}`,
    `/settings/api-tokens/access-logs?token=${tokenId}`,
  ]) {
    const html = await (await page.request.get(path)).text();
    expect(html).not.toContain(token.slice(3));
    expect(html).not.toContain(hash);
  }

  expect(dialogs).toEqual([]);
});

test("changing the password keeps this browser signed in and signs out the others", async ({
  browser,
  baseURL,
}) => {
  // A fresh account, so the demo users' passwords never change.
  const suffix = randomUUID().slice(0, 8);
  const email = `e2e-security-${suffix}@example.test`;
  const oldPassword = "violet lantern drifting 17";
  const newPassword = "copper meadow whistles 42";
  const here = await browser.newPage();
  await signUpAs(
    here,
    { name: "Grace Hopper", organization: `Compilers ${suffix}`, email },
    oldPassword,
  );

  const signInOn = (page: Page, password: string) => signInAs(page, email, password);
  const elsewhereContext = await browser.newContext();
  const elsewhere = await elsewhereContext.newPage();
  await signInOn(elsewhere, oldPassword);
  await expect(elsewhere).toHaveURL(/\/settings\/api-tokens$/, { timeout: 30_000 });
  const elsewhereCookie = await sessionCookieHeader(elsewhereContext);

  await here.getByRole("link", { name: "Security" }).click();
  await expect(here).toHaveURL(/\/settings\/security$/);
  await expect(here.getByRole("heading", { name: "Security", exact: true })).toBeVisible();
  // The page's old address (bookmarks, older emails) still leads here.
  await here.goto("/settings/account");
  await expect(here).toHaveURL(/\/settings\/security$/);
  // A wrong current password is refused with a field error.
  await here.getByLabel("Current password").fill("not the password at all");
  await here.getByLabel("New password", { exact: true }).fill(newPassword);
  await here.getByLabel("Confirm new password").fill(newPassword);
  await here.getByRole("button", { name: "Change password" }).click();
  await expect(here.getByText("Your current password is incorrect")).toBeVisible();

  const deviceCookie = async () =>
    (await here.context().cookies()).find((cookie) => cookie.name === "mailshield-device")?.value;
  const deviceCookieBefore = await deviceCookie();
  expect(deviceCookieBefore).toBeTruthy();
  await here.getByLabel("Current password").fill(oldPassword);
  await here.getByLabel("New password", { exact: true }).fill(newPassword);
  await here.getByLabel("Confirm new password").fill(newPassword);
  await here.getByRole("button", { name: "Change password" }).click();
  await expect(
    here.getByText("Password changed. Every other session has been signed out."),
  ).toBeVisible();
  // The change invalidated this browser's device cookie, and it got a new one.
  await expect.poll(deviceCookie).not.toBe(deviceCookieBefore);
  expect(await deviceCookie()).toBeTruthy();

  // This browser is still signed in; the other one is not.
  await here.goto("/settings/api-tokens");
  await expect(here).toHaveURL(/\/settings\/api-tokens$/);
  await elsewhere.goto("/settings/api-tokens");
  await expect(elsewhere).toHaveURL(/\/login/);
  // next-auth's own endpoint refuses the old cookie too, and issues no fresh one.
  await expectNoSessionFromNextAuth(baseURL ?? "", elsewhereCookie);
  // The new password works, the old one does not.
  await signInOn(elsewhere, oldPassword);
  await expect(elsewhere.getByText("Invalid email or password")).toBeVisible();
  await signInOn(elsewhere, newPassword);
  await expect(elsewhere).toHaveURL(/\/settings\/api-tokens$/, { timeout: 30_000 });
  await elsewhereContext.close();
});

test("repeated wrong passwords lock sign-in for the account with a generic message", async ({
  page,
}) => {
  // Unknown email: the lock looks exactly the same as for a real account.
  const email = `nobody-${randomUUID().slice(0, 8)}@example.test`;
  await page.goto("/login");
  for (let attempt = 0; attempt < 10; attempt += 1) {
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(`wrong password ${attempt}`);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(page.getByText("Invalid email or password")).toBeVisible();
  }
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("wrong password again");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(
    page.getByText(/^Too many sign-in attempts\. Try again in \d+ minutes?\.$/),
  ).toBeVisible();
});

test("a browser that signed in before still signs in while strangers have locked the account", async ({
  browser,
}) => {
  const suffix = randomUUID().slice(0, 8);
  const email = `e2e-device-${suffix}@example.test`;
  const password = "harbor quilt ascends 93";
  const signInOn = (page: Page, typed: string) => signInAs(page, email, typed);
  const locked = /^Too many sign-in attempts\. Try again in \d+ minutes?\.$/;

  const ownContext = await browser.newContext();
  const strangerContext = await browser.newContext();
  const freshContext = await browser.newContext();
  try {
    const own = await ownContext.newPage();
    const account = { name: "Katherine Johnson", organization: `Trajectories ${suffix}`, email };
    // Signing up signs in, which makes this a browser the account has signed in from.
    await signUpAs(own, account, password);
    await own.getByRole("button", { name: "Sign out" }).click();
    await expect(own).toHaveURL(/\/login$/);

    // Someone else types wrong passwords until the account is locked, for them even with
    // the right password.
    const stranger = await strangerContext.newPage();
    for (let attempt = 0; attempt < 10; attempt += 1) {
      await signInOn(stranger, `wrong password ${attempt}`);
      await expect(stranger.getByText("Invalid email or password")).toBeVisible();
    }
    await signInOn(stranger, password);
    await expect(stranger.getByText(locked)).toBeVisible();

    // The owner's browser, which signed in before, still gets in.
    await signInOn(own, password);
    await expect(own).toHaveURL(/\/settings\/api-tokens$/, { timeout: 30_000 });

    // A browser that never signed in is still refused.
    const fresh = await freshContext.newPage();
    await signInOn(fresh, password);
    await expect(fresh.getByText(locked)).toBeVisible();
  } finally {
    await ownContext.close();
    await strangerContext.close();
    await freshContext.close();
  }
});
