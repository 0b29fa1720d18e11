import { randomUUID } from "node:crypto";
import AxeBuilder from "@axe-core/playwright";
import { expect, type Locator, type Page, test } from "@playwright/test";
import { screenshots, signIn, tokenRow, uniqueTokenName } from "./helpers";

// Token permissions, the organization's lifetime policy and the token forms' guards, as the
// seeded demo users. Every token gets a unique name, so runs can repeat on one database.

async function openCreateDialog(page: Page): Promise<Locator> {
  await page.getByRole("button", { name: "Create Token", exact: true }).click();
  const dialog = page.getByRole("dialog", { name: "Create API token" });
  await expect(dialog).toBeVisible();
  return dialog;
}

/** Creates a token with the dialog's other fields left as they open; returns the plaintext. */
async function createToken(page: Page, dialog: Locator, name: string): Promise<string> {
  await dialog.getByLabel("Name").fill(name);
  await dialog.getByRole("button", { name: "Create", exact: true }).click();
  const reveal = page.getByRole("dialog", { name: "Copy your new API token" });
  await expect(reveal).toBeVisible();
  const token = await reveal.getByLabel("API token").inputValue();
  // Closing without copying asks first (the test holds the token itself).
  await reveal.getByRole("button", { name: "Done" }).click();
  await page.getByRole("button", { name: "Close without copying" }).click();
  await expect(page.getByRole("dialog")).toHaveCount(0);
  return token;
}

/** Serious and critical axe violations inside `selector` (this spec's own parts of the page). */
async function seriousViolations(page: Page, selector: string) {
  const { violations } = await new AxeBuilder({ page }).include(selector).analyze();
  return violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map(
      (violation) => `${violation.id}: ${violation.nodes.map((node) => node.target).join(", ")}`,
    );
}

function permissionsGroup(dialog: Locator): Locator {
  return dialog.getByRole("radiogroup", { name: "Permissions" });
}

test("a read-only token made in the dashboard is refused a write with 403 insufficient_scope", async ({
  page,
  request,
}) => {
  const name = uniqueTokenName("Read only");
  await signIn(page, "pro@mailshield.test");
  const dialog = await openCreateDialog(page);

  // As it opens: Custom, showing the documented default, Domains read & write.
  await expect(permissionsGroup(dialog).getByRole("radio", { name: "Custom" })).toBeChecked();
  await expect(
    dialog
      .getByRole("radiogroup", { name: "Domains" })
      .getByRole("radio", { name: "Read & write" }),
  ).toBeChecked();
  await expect(
    dialog.getByRole("radiogroup", { name: "Logs" }).getByRole("radio", { name: "No access" }),
  ).toBeChecked();
  await expect(dialog.getByText("This token can use: Domains: read & write.")).toBeVisible();
  await expect(dialog.getByText(/full access to your organization/i)).toHaveCount(0);
  await screenshots(page, "permissions-create-dialog");
  expect(await seriousViolations(page, "[role=dialog]")).toEqual([]);
  // The per-resource choice on a phone, scrolled into view inside the dialog.
  await page.setViewportSize({ width: 390, height: 844 });
  await dialog.getByRole("radiogroup", { name: "Tokens" }).scrollIntoViewIfNeeded();
  await page.screenshot({ path: "test-results/permissions-custom-390.png" });
  await page.setViewportSize({ width: 1280, height: 720 });

  // Keyboard: arrow keys move the preset choice.
  await permissionsGroup(dialog).getByRole("radio", { name: "Custom" }).focus();
  // Held as a person would: Radix moves focus a tick after keydown, and checks while held.
  await page.keyboard.down("ArrowLeft");
  await expect(permissionsGroup(dialog).getByRole("radio", { name: "Read only" })).toBeChecked();
  await page.keyboard.up("ArrowLeft");
  await expect(dialog.getByRole("radiogroup", { name: "Domains" })).toHaveCount(0);
  await expect(dialog.getByText("This token can use: Read only.")).toBeVisible();

  const token = await createToken(page, dialog, name);
  await expect(
    tokenRow(page, name).getByRole("cell", { name: "Read only", exact: true }),
  ).toBeVisible();

  const write = await request.post("/api/v1/domains", {
    headers: { Authorization: `Bearer ${token}` },
    data: { name: `${randomUUID().slice(0, 8)}.example.com` },
  });
  expect(write.status()).toBe(403);
  expect((await write.json()).error.code).toBe("insufficient_scope");
  const read = await request.get("/api/v1/domains", {
    headers: { Authorization: `Bearer ${token}` },
  });
  expect(read.status()).toBe(200);

  await screenshots(page, "permissions-list");
  await tokenRow(page, name).getByRole("link", { name, exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  await expect(page.getByRole("definition").filter({ hasText: "Read only" })).toBeVisible();
  await screenshots(page, "permissions-token-page");
});

test("with a 30-day policy the create form refuses a later date, and older tokens are flagged", async ({
  page,
}) => {
  const before = uniqueTokenName("Before policy");
  await signIn(page, "business@mailshield.test");
  await createToken(page, await openCreateDialog(page), before);

  const policy = page.getByRole("region", { name: "Token policy" });
  await policy.getByRole("radio", { name: "30 days" }).click();
  await policy.getByRole("button", { name: "Save policy" }).click();
  try {
    await expect(policy.getByText("new tokens must expire within 30 days")).toBeVisible();
    await expect(tokenRow(page, before).getByText("Over 30-day limit")).toBeVisible();
    await screenshots(page, "permissions-policy");
    expect(await seriousViolations(page, "section[aria-labelledby=token-policy-title]")).toEqual(
      [],
    );

    const dialog = await openCreateDialog(page);
    const date = dialog.getByLabel("Expiration Date");
    await expect(dialog.getByText(/allows tokens to last at most 30 days/)).toBeVisible();
    await expect(dialog.getByRole("button", { name: "Never" })).toHaveCount(0);
    await expect(dialog.getByRole("button", { name: "1 year" })).toHaveCount(0);

    await dialog.getByLabel("Name").fill(uniqueTokenName("Too long"));
    await date.fill(isoDateInDays(60));
    await dialog.getByRole("button", { name: "Create", exact: true }).click();
    await expect(
      dialog.getByText(/at most 30 days: choose [A-Z][a-z]{2} \d{1,2}, \d{4} or earlier/),
    ).toBeVisible();
    await expect(date).toBeFocused();
    await page.screenshot({ path: "test-results/permissions-policy-refusal-1280.png" });

    // A date within the policy is accepted.
    await dialog.getByRole("button", { name: "30 days" }).click();
    await dialog.getByRole("button", { name: "Create", exact: true }).click();
    await expect(page.getByRole("dialog", { name: "Copy your new API token" })).toBeVisible();
  } finally {
    await page.goto("/settings/api-tokens");
    await page
      .getByRole("region", { name: "Token policy" })
      .getByRole("radio", { name: "No maximum" })
      .click();
    await page
      .getByRole("region", { name: "Token policy" })
      .getByRole("button", { name: "Save policy" })
      .click();
    await expect(page.getByText("tokens may last as long as you choose")).toBeVisible();
  }
});

test("the token page warns before unsaved edits are lost", async ({ page }) => {
  const name = uniqueTokenName("Unsaved");
  await signIn(page, "pro@mailshield.test");
  await createToken(page, await openCreateDialog(page), name);
  await tokenRow(page, name).getByRole("link", { name, exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();

  const nameField = page.getByLabel("Name");
  await nameField.fill(`${name} renamed`);
  await page.getByRole("navigation", { name: "Breadcrumb" }).getByRole("link").click();
  const leave = page.getByRole("alertdialog", { name: "Leave without saving?" });
  await expect(leave).toBeVisible();
  await leave.getByRole("button", { name: "Stay on this page" }).click();
  await expect(page).toHaveURL(/\/settings\/api-tokens\/[0-9a-f-]+$/);
  await expect(nameField).toHaveValue(`${name} renamed`);

  // The browser's Back button asks too; staying keeps the edits, and asks again next time.
  const tokenUrl = page.url();
  await page.goBack();
  await expect(leave).toBeVisible();
  await expect(page).toHaveURL(tokenUrl);
  await leave.getByRole("button", { name: "Stay on this page" }).click();
  await expect(nameField).toHaveValue(`${name} renamed`);
  await page.goBack();
  await expect(leave).toBeVisible();
  await leave.getByRole("button", { name: "Stay on this page" }).click();
  await expect(page).toHaveURL(tokenUrl);

  // Closing the tab: the browser's own prompt.
  const prompt = page.waitForEvent("dialog");
  await page.close({ runBeforeUnload: true });
  const dialog = await prompt;
  expect(dialog.type()).toBe("beforeunload");
  await dialog.dismiss();
});

test("leaving through the dialog discards the edits", async ({ page }) => {
  const name = uniqueTokenName("Leave");
  await signIn(page, "pro@mailshield.test");
  await createToken(page, await openCreateDialog(page), name);
  await tokenRow(page, name).getByRole("link", { name, exact: true }).click();

  await page.getByLabel("Description").fill("Changed and left");
  await page.getByRole("navigation", { name: "Breadcrumb" }).getByRole("link").click();
  await page
    .getByRole("alertdialog")
    .getByRole("button", { name: "Leave and discard changes" })
    .click();
  await expect(page).toHaveURL(/\/settings\/api-tokens$/);
  await expect(tokenRow(page, name)).not.toContainText("Changed and left");

  // Back to the token page, edit again, and leave with the browser's Back button.
  await tokenRow(page, name).getByRole("link", { name, exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  await page.getByLabel("Description").fill("Changed and left by Back");
  await page.goBack();
  await page
    .getByRole("alertdialog", { name: "Leave without saving?" })
    .getByRole("button", { name: "Leave and discard changes" })
    .click();
  await expect(page).toHaveURL(/\/settings\/api-tokens$/);
  await expect(tokenRow(page, name)).not.toContainText("Changed and left by Back");
});

test("long names are never cut silently: a counter near the limit and an error on submit", async ({
  page,
}) => {
  await signIn(page, "pro@mailshield.test");
  const dialog = await openCreateDialog(page);
  const nameField = dialog.getByLabel("Name");

  await nameField.fill("n".repeat(85));
  await expect(dialog.getByText("85/100", { exact: true })).toBeVisible();

  const pasted = "p".repeat(200);
  await nameField.fill(pasted);
  await expect(nameField).toHaveValue(pasted);
  await expect(dialog.getByText("200/100 · 100 too many")).toBeVisible();
  await dialog.getByRole("button", { name: "Create", exact: true }).click();
  await expect(dialog.getByText("Name must be at most 100 characters")).toBeVisible();
  await expect(nameField).toHaveValue(pasted);

  // A past date reads right for a token that does not exist yet.
  await dialog.getByLabel("Expiration Date").fill("2020-01-15");
  await expect(dialog.getByText(/has already passed\. Choose a date after today/)).toBeVisible();
  await expect(dialog.getByText(/use the token again/)).toHaveCount(0);
});

function isoDateInDays(days: number): string {
  const date = new Date();
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}
