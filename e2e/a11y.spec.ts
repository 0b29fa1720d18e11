import { expect, type Page, test } from "@playwright/test";
import {
  addMember,
  addRequestLogs,
  addTokens,
  createAccount,
  expireToken,
  revokeToken,
  signIn,
} from "./support/accounts";
import { type AxeException, expectAccessible, OPEN_SELECT_EXCEPTIONS } from "./support/axe";
import { expectNoSidewaysScroll } from "./support/layout";

// axe-core on every page and every open dialog, menu and select, at a desktop, a small
// laptop, a tablet and a phone width (see support/axe.ts for what fails). Every state is
// also checked for sideways scrolling of the page. Each account is created fresh in the database, so the spec repeats
// against the same database.

const LEAK_URL = "https://github.com/acme/app/blob/main/.env";

const VIEWPORTS = [
  { name: "desktop", width: 1280, height: 800 },
  { name: "laptop", width: 1024, height: 768 },
  { name: "tablet", width: 800, height: 1024 },
  { name: "phone", width: 390, height: 844 },
] as const;

/** Scans the current state and checks it fits the window. */
async function check(page: Page, state: string, exceptions: readonly AxeException[] = []) {
  // Every page has an h1 and a title once loaded: not while its loading skeleton streams,
  // nor while a refresh (after creating a token) replaces the streamed metadata.
  await expect(page.locator("h1").first()).toBeVisible();
  await expect(page).toHaveTitle(/MailShield/);
  await expectAccessible(page, state, exceptions);
  await expectNoSidewaysScroll(page, state);
}

for (const viewport of VIEWPORTS) {
  test.describe(`accessibility at ${viewport.width}px`, () => {
    // Animations finish at once, so no scan sees a dialog half faded in.
    test.use({
      viewport: { width: viewport.width, height: viewport.height },
      reducedMotion: "reduce",
    });

    test("sign-in and sign-up, also showing their errors", async ({ page }) => {
      await page.goto("/login");
      await check(page, "sign-in");
      await page.getByLabel("Email").fill("nobody@example.test");
      await page.getByLabel("Password").fill("not the password");
      await page.getByRole("button", { name: "Sign in", exact: true }).click();
      await expect(page.getByRole("alert").filter({ hasText: /./ }).first()).toBeVisible();
      await check(page, "sign-in with an error");

      await page.goto("/signup");
      await check(page, "sign-up");
      await page.getByRole("button", { name: "Create account" }).click();
      await check(page, "sign-up with errors");
    });

    test("forgot password, and the pages of emailed links that cannot be used", async ({
      page,
    }) => {
      await page.goto("/forgot-password");
      await check(page, "forgot password");
      await page.getByRole("button", { name: "Send reset link" }).click();
      await expect(page.getByText("Enter your email address")).toBeVisible();
      await check(page, "forgot password with errors");
      // Links that cannot be used (the usable ones: e2e/account-email.spec.ts).
      await page.goto("/reset-password/not-a-reset-code");
      await check(page, "reset link that cannot be used");
      await page.goto("/verify-email/not-a-verification-code");
      await check(page, "verification link that cannot be used");
    });

    test("a new organization: Free plan, Billing, Security, then an empty Pro list, create and reveal", async ({
      page,
    }) => {
      const account = await createAccount("FREE", "a11y-new");
      await signIn(page, account.email);
      await check(page, "tokens on the Free plan");
      await page.goto("/settings/billing");
      await check(page, "billing");
      await page.goto("/settings/security");
      await check(page, "account security");

      await account.setPlan("PRO");
      await page.goto("/settings/api-tokens");
      await expect(page.getByRole("heading", { name: "No API tokens yet" })).toBeVisible();
      await check(page, "tokens, empty");

      await page.getByRole("button", { name: "Create Token", exact: true }).first().click();
      const create = page.getByRole("dialog", { name: "Create API token" });
      await expect(create).toBeVisible();
      // As it opens, Permissions is on Custom, showing the per-resource choices.
      await expect(
        create
          .getByRole("radiogroup", { name: "Permissions" })
          .getByRole("radio", { name: "Custom" }),
      ).toBeChecked();
      await check(page, "create dialog, Custom permissions");
      await create.getByLabel("IP Allowlist").fill("not-an-ip");
      await create.getByRole("button", { name: "Create", exact: true }).click();
      await expect(create.getByText(/name/i).first()).toBeVisible();
      await check(page, "create dialog with errors");

      await create.getByLabel("Name").fill("Deploy bot");
      await create.getByLabel("IP Allowlist").fill("203.0.113.50");
      await create.getByRole("button", { name: "Create", exact: true }).click();
      await expect(page.getByRole("dialog", { name: "Copy your new API token" })).toBeVisible();
      await check(page, "reveal dialog");
    });

    test("many tokens: the list, a row's menu, the revoke dialog and token pages", async ({
      page,
    }) => {
      const account = await createAccount("PRO", "a11y-many");
      const tokens = await addTokens(account, 24, "Service");
      const [used, expired, revoked] = [tokens[0]!, tokens[1]!, tokens[2]!];
      await addRequestLogs(account, used);
      await expireToken(expired);
      await revokeToken(account, revoked);

      await signIn(page, account.email);
      await check(page, "tokens, many rows");

      await page.getByRole("button", { name: `Actions for ${used.name} …` }).click();
      await expect(page.getByRole("menu")).toBeVisible();
      // At phone width the rows are stacked cards, each with the same menu.
      await check(page, "a row's menu open");
      await page.getByRole("menuitem", { name: "Revoke…" }).click();
      await expect(page.getByRole("alertdialog")).toBeVisible();
      await check(page, "revoke dialog");
      await page.getByRole("button", { name: "Cancel" }).click();

      await page.goto(`/settings/api-tokens/${used.id}`);
      await check(page, "token page, active, with activity");
      await page.goto(`/settings/api-tokens/${expired.id}`);
      await check(page, "token page, expired");
      await page.goto(`/settings/api-tokens/${revoked.id}`);
      await check(page, "token page, revoked");

      await page.goto("/settings/api-tokens/access-logs");
      await expect(page.getByTestId("access-log-row")).toHaveCount(4);
      await check(page, "access logs");
      await page.getByRole("combobox", { name: "Status", exact: true }).click();
      await expect(page.getByRole("listbox")).toBeVisible();
      await check(page, "access logs with a select open", OPEN_SELECT_EXCEPTIONS);
    });

    test("an owner's tokens: an exposed one with its banner, the lifetime policy, bulk revocation", async ({
      page,
      request,
    }) => {
      const account = await createAccount("PRO", "a11y-owner");
      const [exposed, first, second] = await addTokens(account, 3, "Service");
      // Reported as GitHub's secret scanning would: revoked, badged, bannered for owners.
      const reported = await request.post("/api/v1/secret-scanning/revoke", {
        data: [
          { token: exposed!.secret, type: "mailshield_token", url: LEAK_URL, source: "content" },
        ],
      });
      expect(reported.status()).toBe(200);

      await signIn(page, account.email);
      await expect(page.getByTestId("exposure-banner")).toBeVisible();
      await expect(page.getByTestId("exposed-badge").filter({ visible: true })).toBeVisible();
      await expect(
        page
          .getByRole("region", { name: "Token policy" })
          .getByRole("button", { name: "Save policy" }),
      ).toBeVisible();
      await check(page, "tokens with the exposure banner, an Exposed badge and the policy");

      await page.getByRole("checkbox", { name: `Select ${first!.name}` }).check();
      await page.getByRole("checkbox", { name: `Select ${second!.name}` }).check();
      await page.getByRole("button", { name: "Revoke 2 tokens…" }).click();
      const confirm = page.getByRole("alertdialog", { name: "Revoke 2 tokens?" });
      await expect(confirm).toBeVisible();
      await check(page, "bulk revoke dialog");
      await confirm.getByRole("button", { name: "Revoke 2 tokens" }).click();
      await expect(page.getByTestId("bulk-revoke-report")).toContainText("Revoked 2 tokens");
      await check(page, "bulk revoke report");

      await page.goto(`/settings/api-tokens/${exposed!.id}`);
      await expect(page.getByTestId("exposed-badge").first()).toBeVisible();
      await check(page, "token page, exposed, with the banner");
    });

    test("rotation: the dialog, the old token in use during its grace period, the successor; the audit log", async ({
      page,
      request,
    }) => {
      const account = await createAccount("PRO", "a11y-rotate");
      const [token] = await addTokens(account, 1, "Deploy bot");
      await signIn(page, account.email);
      await page.goto(`/settings/api-tokens/${token!.id}`);
      const rotate = page.getByRole("dialog", { name: `Rotate “${token!.name}”?` });
      // A click that lands before the page has hydrated opens nothing: click again until the
      // dialog is there (the page streams in sections, so that moment can be long).
      await expect(async () => {
        await page.getByRole("button", { name: "Rotate", exact: true }).click();
        await expect(rotate).toBeVisible({ timeout: 1_000 });
      }).toPass();
      await check(page, "rotate dialog");
      await rotate.getByRole("button", { name: "Rotate token" }).click();
      await page.getByRole("button", { name: "Done" }).click();
      await page.getByRole("button", { name: "Close without copying" }).click();
      await expect(page.getByRole("dialog")).toHaveCount(0);

      // The old token still works, and is now listed as in use (logged off the response path).
      const headers = { Authorization: `Bearer ${token!.secret}` };
      expect((await request.get("/api/v1/domains", { headers })).status()).toBe(200);
      await expect(async () => {
        await page.reload();
        await expect(page.getByText("Still in use after rotation")).toBeVisible({ timeout: 1000 });
      }).toPass({ timeout: 15_000 });
      await expect(page.getByTestId("rotation-notice")).toContainText("still works for now");
      await check(page, "rotated token in its grace period, still in use");
      await page.getByTestId("rotation-notice").getByRole("link").click();
      await expect(page.getByText("This token replaced")).toBeVisible();
      await check(page, "the successor's token page");

      await page.goto("/settings/audit-log");
      await expect(page.getByText("Token rotated").filter({ visible: true })).toBeVisible();
      await check(page, "audit log");
      await page.getByRole("combobox", { name: "Action", exact: true }).click();
      await expect(page.getByRole("listbox")).toBeVisible();
      await check(page, "audit log with a filter select open", OPEN_SELECT_EXCEPTIONS);
      // The long list is operated by the keyboard (the reason of its axe exception): End
      // reaches its last option, scrolled into view, and Enter picks it.
      await page.keyboard.press("End");
      const last = page.getByRole("option").last();
      await expect(last).toBeInViewport();
      const lastAction = (await last.textContent())?.trim() ?? "";
      await page.keyboard.press("Enter");
      await expect(page).toHaveURL(/[?&]action=[a-z_.]+/);
      await expect(page.getByRole("combobox", { name: "Action", exact: true })).toContainText(
        lastAction,
      );
      await page.goto("/settings/audit-log");

      const member = await addMember(account);
      await page.context().clearCookies();
      await signIn(page, member);
      await page.goto("/settings/audit-log");
      await expect(
        page.getByRole("heading", { name: "You can't view the audit log" }),
      ).toBeVisible();
      await check(page, "audit log, not allowed for a member");
    });
  });
}

test.describe("accessibility at 1024px", () => {
  test.use({ viewport: { width: 1024, height: 768 }, reducedMotion: "reduce" });

  test("a table wider than its column can be scrolled with the keyboard", async ({ page }) => {
    const account = await createAccount("PRO", "a11y-tablet");
    const [token] = await addTokens(account, 1, "Service");
    await addRequestLogs(account, token!);
    await signIn(page, account.email);
    await page.goto("/settings/api-tokens/access-logs");
    const region = page.getByRole("region", { name: "API requests" });
    await region.focus();
    await page.keyboard.press("ArrowRight");
    await expect.poll(() => region.evaluate((element) => element.scrollLeft)).toBeGreaterThan(0);
    await check(page, "access logs, table scrolling inside itself");
  });
});
