import { randomUUID } from "node:crypto";
import { expect, type Locator, type Page, test } from "@playwright/test";
import { addDaysToDateInput } from "../components/tokens/format";
import { generateApiToken } from "../lib/auth/token";
import { screenshots, signIn, sql, tokenRow, uniqueTokenName } from "./helpers";
import { expectAccessible } from "./support/axe";
import { expectNoSidewaysScroll } from "./support/layout";

// Token lifecycle in the dashboard, as the seeded demo users (`npm run db:seed`). Every token
// gets a unique name, so runs can repeat against the same database.

const TOKEN_PATTERN = /^ms_[A-Za-z0-9_-]{43}$/;

test.use({ permissions: ["clipboard-read", "clipboard-write"] });

function createDialog(page: Page): Locator {
  return page.getByRole("dialog", { name: "Create API token" });
}

function revealDialog(page: Page): Locator {
  return page.getByRole("dialog", { name: "Copy your new API token" });
}

async function openCreateDialog(page: Page): Promise<Locator> {
  await page.getByRole("button", { name: "Create Token", exact: true }).click();
  const dialog = createDialog(page);
  await expect(dialog).toBeVisible();
  return dialog;
}

/** Creates a token through the dialog and returns the revealed plaintext. */
async function createToken(
  page: Page,
  fields: { name: string; description?: string; ipAllowlist?: string },
): Promise<string> {
  const dialog = await openCreateDialog(page);
  await dialog.getByLabel("Name").fill(fields.name);
  if (fields.description) await dialog.getByLabel("Description").fill(fields.description);
  if (fields.ipAllowlist) await dialog.getByLabel("IP Allowlist").fill(fields.ipAllowlist);
  await dialog.getByRole("button", { name: "Create", exact: true }).click();

  const reveal = revealDialog(page);
  await expect(reveal).toBeVisible();
  await expect(reveal.getByText("This token will only be shown once")).toBeVisible();
  const token = await reveal.getByLabel("API token").inputValue();
  expect(token).toMatch(TOKEN_PATTERN);
  return token;
}

/** Copies the revealed token and closes the dialog, which then closes without asking. */
async function copyAndCloseReveal(page: Page) {
  const reveal = revealDialog(page);
  await reveal.getByRole("button", { name: "Copy", exact: true }).click();
  await expect(reveal.getByRole("button", { name: "Copied" })).toBeVisible();
  await reveal.getByRole("button", { name: "Done" }).click();
  await expect(reveal).toBeHidden();
}

test("an owner creates a token, copies it once, edits its allowlist and revokes it", async ({
  page,
}) => {
  const name = uniqueTokenName("GitHub Actions - Deploy");
  await signIn(page, "pro@mailshield.test");

  const dialog = await openCreateDialog(page);
  await dialog.getByLabel("Name").fill(name);
  await dialog.getByLabel("Description").fill("Deploys the marketing site");
  await dialog.getByLabel("IP Allowlist").fill("203.0.113.50");
  await dialog.getByLabel("Expiration Date").fill("2099-01-31");
  // The expiry is explained in UTC as the date is chosen.
  await expect(dialog.getByText("Expires at midnight UTC on")).toContainText(
    "Saturday, January 31, 2099",
  );
  await dialog.getByRole("button", { name: "Create", exact: true }).click();

  const reveal = revealDialog(page);
  await expect(reveal).toBeVisible();
  const token = await reveal.getByLabel("API token").inputValue();
  expect(token).toMatch(TOKEN_PATTERN);
  await expect(reveal.getByText("This token will only be shown once")).toBeVisible();
  await page.screenshot({ path: "test-results/tokens-reveal-modal.png" });

  await reveal.getByRole("button", { name: "Copy", exact: true }).click();
  await expect(reveal.getByRole("button", { name: "Copied" })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(token);

  // Once copied, Done closes without asking.
  await reveal.getByRole("button", { name: "Done" }).click();
  await expect(reveal).toBeHidden();

  const row = tokenRow(page, name);
  await expect(row).toContainText(`…${token.slice(-4)}`);
  await expect(row).toContainText("Active");
  await expect(row).toContainText("Deploys the marketing site");
  await expect(row).toContainText("Never"); // never used
  await page.screenshot({ path: "test-results/tokens-list.png", fullPage: true });

  // The token is never shown again, not even after a reload.
  await page.reload();
  await expect(tokenRow(page, name)).toBeVisible();
  expect(await page.content()).not.toContain(token);

  await tokenRow(page, name).getByRole("link", { name }).click();
  await expect(page).toHaveURL(/\/settings\/api-tokens\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  await expect(page.getByText(`ms_…${token.slice(-4)}`)).toBeVisible();
  await expect(page.getByRole("list", { name: "Allowed IP addresses and ranges" })).toHaveText(
    "203.0.113.50/32",
  );

  const allowlist = page.getByLabel("IP Allowlist");
  await expect(allowlist).toHaveValue("203.0.113.50/32");
  await allowlist.fill("198.51.100.0/24\n2001:db8::/32");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText("Changes saved")).toBeVisible();
  await expect(page.getByRole("list", { name: "Allowed IP addresses and ranges" })).toHaveText(
    /198\.51\.100\.0\/24\s*2001:db8::\/32/,
  );
  await page.reload();
  await expect(page.getByLabel("IP Allowlist")).toHaveValue("198.51.100.0/24\n2001:db8::/32");

  await page.getByRole("button", { name: "Revoke", exact: true }).click();
  const confirm = page.getByRole("alertdialog", { name: `Revoke “${name}”?` });
  await expect(confirm).toBeVisible();
  await expect(confirm).toContainText("stop working immediately");
  await expect(confirm).toContainText("This cannot be undone");
  await page.screenshot({ path: "test-results/tokens-revoke-dialog.png" });
  await confirm.getByRole("button", { name: "Revoke token" }).click();
  await expect(confirm).toBeHidden();

  await expect(page.getByText("This token has been revoked")).toBeVisible();
  await expect(page.getByText("Revoked", { exact: true }).first()).toBeVisible();
  // Revoked tokens are read-only and cannot be revoked twice.
  await expect(page.getByLabel("IP Allowlist")).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Revoke", exact: true })).toHaveCount(0);

  await page.getByRole("navigation", { name: "Breadcrumb" }).getByText("API Tokens").click();
  await expect(tokenRow(page, name)).toContainText("Revoked");
});

test("an invalid allowlist entry is reported by value and nothing typed is lost", async ({
  page,
}) => {
  const name = uniqueTokenName("Terraform");
  await signIn(page, "pro@mailshield.test");

  const dialog = await openCreateDialog(page);
  await dialog.getByLabel("Name").fill(name);
  await dialog.getByLabel("Description").fill("Infrastructure pipeline");
  await dialog.getByLabel("IP Allowlist").fill("203.0.113.50, 10.0.0.300");
  await dialog.getByLabel("Expiration Date").fill("2099-06-30");
  await dialog.getByRole("button", { name: "Create", exact: true }).click();

  const allowlist = dialog.getByLabel("IP Allowlist");
  await expect(allowlist).toHaveAttribute("aria-invalid", "true");
  await expect(
    dialog.getByText(/10\.0\.0\.300.*is not a valid IP address or CIDR range/),
  ).toBeVisible();
  // The error is tied to the field for assistive technology, and focus moved to it.
  const describedBy = (await allowlist.getAttribute("aria-describedby")) ?? "";
  const errorText = await page
    .locator(
      describedBy
        .split(" ")
        .map((id) => `[id="${id}"]`)
        .join(", "),
    )
    .allInnerTexts();
  expect(errorText.join(" ")).toContain("10.0.0.300");
  await expect(allowlist).toBeFocused();

  await expect(revealDialog(page)).toHaveCount(0);
  await expect(dialog.getByLabel("Name")).toHaveValue(name);
  await expect(dialog.getByLabel("Description")).toHaveValue("Infrastructure pipeline");
  await expect(allowlist).toHaveValue("203.0.113.50, 10.0.0.300");
  await expect(dialog.getByLabel("Expiration Date")).toHaveValue("2099-06-30");
  await page.screenshot({ path: "test-results/tokens-create-invalid.png" });

  // Fixing the entry clears the error at once.
  await allowlist.fill("203.0.113.50, 10.0.0.30");
  await expect(allowlist).not.toHaveAttribute("aria-invalid", "true");
  await dialog.getByRole("button", { name: "Create", exact: true }).click();
  await expect(revealDialog(page)).toBeVisible();
  await copyAndCloseReveal(page);

  // The server rejects a second active token with the same name; the error is shown next
  // to the name and the form keeps what was typed.
  const again = await openCreateDialog(page);
  await again.getByLabel("Name").fill(name);
  await again.getByLabel("Description").fill("A second try");
  await again.getByRole("button", { name: "Create", exact: true }).click();
  await expect(again.getByText(`A token named "${name}" already exists`)).toBeVisible();
  await expect(again.getByLabel("Name")).toHaveAttribute("aria-invalid", "true");
  await expect(again.getByLabel("Name")).toHaveValue(name);
  await expect(again.getByLabel("Description")).toHaveValue("A second try");
  await expect(revealDialog(page)).toHaveCount(0);
});

test("closing the reveal dialog without copying asks for confirmation", async ({ page }) => {
  const name = uniqueTokenName("Zapier");
  await signIn(page, "pro@mailshield.test");
  const token = await createToken(page, { name });
  const reveal = revealDialog(page);

  // Escape asks first; going back shows the token again.
  await page.keyboard.press("Escape");
  await expect(page.getByText("You haven't copied this token")).toBeVisible();
  await page.getByRole("button", { name: "Go back to the token" }).click();
  await expect(reveal.getByLabel("API token")).toHaveValue(token);

  // So does Done, and so does a click outside the dialog.
  await reveal.getByRole("button", { name: "Done" }).click();
  await expect(page.getByText("You haven't copied this token")).toBeVisible();
  await page.getByRole("button", { name: "Go back to the token" }).click();
  await page.mouse.click(5, 5);
  await expect(page.getByText("You haven't copied this token")).toBeVisible();

  await page.getByRole("button", { name: "Close without copying" }).click();
  await expect(page.getByRole("dialog")).toHaveCount(0);
  await expect(tokenRow(page, name)).toContainText(`…${token.slice(-4)}`);
  expect(await page.content()).not.toContain(token);
});

test("copying falls back to selecting the field where the Clipboard API is missing", async ({
  page,
}) => {
  // Plain-HTTP origins other than localhost have no navigator.clipboard.
  await page.addInitScript(() => {
    Object.defineProperty(Navigator.prototype, "clipboard", { get: () => undefined });
  });
  await signIn(page, "pro@mailshield.test");
  await createToken(page, { name: uniqueTokenName("Fallback copy") });
  const reveal = revealDialog(page);
  await reveal.getByRole("button", { name: "Copy", exact: true }).click();
  await expect(reveal.getByRole("button", { name: "Copied" })).toBeVisible();
  // Copying counted: Done closes without asking.
  await reveal.getByRole("button", { name: "Done" }).click();
  await expect(reveal).toBeHidden();
});

test("the table sorts by column and filters by status", async ({ page }) => {
  await signIn(page, "pro@mailshield.test");
  const first = uniqueTokenName("AAA sort");
  await createToken(page, { name: first });
  await copyAndCloseReveal(page);

  const nameHeader = page.getByRole("columnheader", { name: "Name" });
  await expect(nameHeader).toHaveAttribute("aria-sort", "none");
  await nameHeader.getByRole("button").focus();
  await page.keyboard.press("Enter");
  await expect(nameHeader).toHaveAttribute("aria-sort", "ascending");
  await page.keyboard.press("Enter");
  await expect(nameHeader).toHaveAttribute("aria-sort", "descending");

  await page.getByRole("button", { name: /^Revoked\s*\d+$/ }).click();
  await expect(tokenRow(page, first)).toHaveCount(0);
  for (const row of await page.locator("tbody tr[data-status]").all()) {
    await expect(row).toHaveAttribute("data-status", "revoked");
  }
  await page.getByRole("button", { name: /^Active\s*\d+$/ }).click();
  await expect(tokenRow(page, first)).toBeVisible();
});

test("a Free organization sees the upgrade notice and cannot create tokens", async ({ page }) => {
  await signIn(page, "free@mailshield.test");
  await expect(page.getByText("API access requires a Pro plan or higher")).toBeVisible();
  await expect(page.getByRole("link", { name: "View plans in Billing" })).toHaveAttribute(
    "href",
    "/settings/billing",
  );
  await expect(page.getByRole("button", { name: /create/i })).toHaveCount(0);
  await expect(page.getByRole("heading", { name: "Using your token" })).toHaveCount(0);
  await page.screenshot({ path: "test-results/tokens-free-plan.png", fullPage: true });
});

test("an expired token's date and allowlist are read-only; its name can still change", async ({
  page,
}) => {
  await signIn(page, "pro@mailshield.test");
  const name = uniqueTokenName("Expired");
  await createToken(page, { name, ipAllowlist: "203.0.113.7" });
  await copyAndCloseReveal(page);
  // 00:00 UTC three days ago: expired whatever the hour the suite runs at.
  const dayMs = 86_400_000;
  const expiredAt = new Date((Math.floor(Date.now() / dayMs) - 3) * dayMs);
  const date = expiredAt.toISOString().slice(0, 10);
  await sql("UPDATE api_tokens SET expires_at = $1 WHERE name = $2", [expiredAt, name]);

  await page.getByRole("link", { name, exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  await expect(page.getByText("This token has expired")).toBeVisible();
  await expect(
    page.getByText("Expired tokens cannot be extended: create a new token"),
  ).toBeVisible();
  const sentence = `This token expired on ${date} (00:00 UTC) and can't be extended; create a new token.`;
  const expiration = page.getByLabel("Expiration Date");
  await expect(expiration).toHaveValue(date);
  await expect(expiration).not.toBeEditable();
  await expect(expiration).toHaveAccessibleDescription(sentence);
  await expect(page.getByRole("group", { name: "Expiration presets" })).toHaveCount(0);
  const allowlist = page.getByLabel("IP Allowlist");
  await expect(allowlist).toHaveValue("203.0.113.7/32");
  await expect(allowlist).not.toBeEditable();
  await expect(allowlist).toHaveAccessibleDescription(
    `This token expired on ${date} (00:00 UTC); its IP allowlist can no longer be changed.`,
  );
  await screenshots(page, "token-expired");

  const renamed = `${name} (old)`;
  await page.getByRole("textbox", { name: /^Name/ }).fill(renamed);
  await page.getByLabel("Description").fill("Replaced by a new token");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText("Changes saved")).toBeVisible();
  await expect(page.getByRole("heading", { level: 1, name: renamed })).toBeVisible();
  await expect(expiration).toHaveValue(date);
});

test("a token on a plan without API access is paused, with the reason and a way to upgrade", async ({
  page,
}) => {
  // The Free demo organization cannot create tokens; this one stands for a token made
  // before a downgrade.
  const name = uniqueTokenName("Paused");
  const generated = generateApiToken();
  const [token] = await sql<{ id: string }>(
    `INSERT INTO api_tokens (id, organization_id, name, token_hash, last_four, updated_at)
     SELECT $1, m.organization_id, $2, $3, $4, now()
     FROM memberships m JOIN users u ON u.id = m.user_id
     WHERE u.email = 'free@mailshield.test'
     RETURNING id`,
    [randomUUID(), name, generated.tokenHash, generated.lastFour],
  );
  try {
    await signIn(page, "free@mailshield.test");
    const row = tokenRow(page, name);
    await expect(row).toHaveAttribute("data-status", "paused");
    await expect(row.getByText("Paused (plan)")).toBeVisible();
    await expect(row.getByText("Active", { exact: true })).toHaveCount(0);
    await screenshots(page, "tokens-paused-list");

    await row.getByRole("link", { name, exact: true }).click();
    await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
    await expect(page.getByText("Paused (plan)")).toHaveCount(2);
    await expect(
      page.getByText(
        "Your plan (Free) doesn't include API access; this token will work again when you upgrade to Pro or above.",
      ),
    ).toBeVisible();
    await expect(page.getByRole("link", { name: "View plans in Billing" })).toHaveAttribute(
      "href",
      "/settings/billing",
    );
    await screenshots(page, "token-paused");
  } finally {
    await sql("DELETE FROM api_tokens WHERE id = $1", [token?.id]);
  }
});

test("a token starts from a template, is tested from the reveal, and its page names the template", async ({
  page,
}) => {
  // Scans and screenshots at four widths, several states.
  test.setTimeout(240_000);
  await signIn(page, "pro@mailshield.test");
  const name = uniqueTokenName("SIEM export");
  const dialog = await openCreateDialog(page);
  const startFrom = dialog.getByRole("radiogroup", { name: "Start from" });
  await expect(startFrom.getByRole("radio", { name: "From scratch" })).toBeChecked();
  await startFrom.getByRole("radio", { name: "Log export" }).click();
  // The template fills the permissions and the suggested expiry, and says where from.
  await expect(
    dialog.getByText("This token can use: Access logs: read · Audit log: read."),
  ).toBeVisible();
  await expect(dialog.getByLabel("Expiration Date")).toHaveValue(
    addDaysToDateInput(new Date(), 90),
  );
  await expect(dialog.getByText("Allow only your log collector's address.")).toBeVisible();
  await dialog.getByLabel("Name").fill(name);
  await everyWidth(page, "create-from-template");
  await dialog.getByRole("button", { name: "Create", exact: true }).click();

  const reveal = revealDialog(page);
  await expect(reveal).toContainText(`“${name}” was created.`);
  const token = await reveal.getByLabel("API token").inputValue();
  await expect(reveal.getByLabel("curl command")).toHaveValue(
    new RegExp(`/api/v1/tokens/self \\\\\\n  -H "Authorization: Bearer ${token}"`),
  );
  await reveal.getByRole("button", { name: "Test", exact: true }).click();
  const result = reveal.getByTestId("token-test-result");
  await expect(result).toContainText(`200 OK: “${name}” works.`);
  await expect(result).toContainText("logs:read, audit:read");
  await everyWidth(page, "reveal-tested");

  // Copying the command copies the token: Done closes without asking.
  await reveal.getByRole("button", { name: "Copy command" }).click();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toContain(token);
  await reveal.getByRole("button", { name: "Done" }).click();
  await expect(reveal).toBeHidden();

  await tokenRow(page, name).getByRole("link", { name }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  const details = page.getByRole("definition").filter({ hasText: "Log export" });
  await expect(details).toBeVisible();
  await screenshots(page, "token-from-template");
});

/** axe, no sideways scroll and a screenshot at each width the issue names. */
async function everyWidth(page: Page, name: string) {
  for (const width of [1280, 1024, 800, 390]) {
    await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
    await expectAccessible(page, `${name} at ${width} px`);
    await expectNoSidewaysScroll(page, `${name} at ${width} px`);
    await page.screenshot({ path: `test-results/${name}-${width}.png` });
  }
  await page.setViewportSize({ width: 1280, height: 720 });
}
