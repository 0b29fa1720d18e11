import { randomUUID } from "node:crypto";
import { expect, type Page, test } from "@playwright/test";
import { DEMO_PASSWORD, signIn, withDb } from "./helpers";
import { type Account, addTokens, createAccount } from "./support/accounts";
import { expectAccessible } from "./support/axe";
import { expectNoSidewaysScroll } from "./support/layout";

// A user in two organizations switches between them from the header, with the keyboard:
// the other organization's name and tokens show, the choice survives a reload and signing
// out and in again, and a link to a token of the other organization offers the switch. A user
// removed from their only organization is told so instead of being sent to sign in.

const PHONE = { width: 390, height: 844 };

/** A second organization (a long name, to truncate) where the account's owner is an admin. */
async function addSecondOrganization(account: Account): Promise<Account> {
  const organizationId = randomUUID();
  const name = `Orbital Mechanics Research Laboratory ${randomUUID().slice(0, 8)}`;
  await withDb(async (client) => {
    await client.query(
      `INSERT INTO organizations (id, name, plan, updated_at) VALUES ($1, $2, 'ENTERPRISE', now())`,
      [organizationId, name],
    );
    // Joined after their own organization, which therefore stays the default.
    await client.query(
      `INSERT INTO memberships (id, organization_id, user_id, role, created_at)
       VALUES ($1, $2, $3, 'ADMIN', now() + interval '1 second')`,
      [randomUUID(), organizationId, account.userId],
    );
  });
  return { ...account, organizationId };
}

async function organizationName(organizationId: string): Promise<string> {
  return withDb(async (client) => {
    const { rows } = await client.query<{ name: string }>(
      "SELECT name FROM organizations WHERE id = $1",
      [organizationId],
    );
    return rows[0]?.name ?? "";
  });
}

function switcher(page: Page) {
  return page.getByRole("banner").getByRole("button", { name: /switch organization/ });
}

test("a user in two organizations switches with the keyboard, and the choice is remembered", async ({
  page,
}) => {
  const first = await createAccount("PRO", "switcher");
  const second = await addSecondOrganization(first);
  const [firstToken] = await addTokens(first, 1, "Alpha");
  const [secondToken] = await addTokens(second, 2, "Orbit");
  const firstName = await organizationName(first.organizationId);
  const secondName = await organizationName(second.organizationId);

  await signIn(page, first.email);
  const currentName = page.getByTestId("organization-name");
  await expect(currentName).toHaveText(firstName);
  await expect(page.getByRole("link", { name: "Alpha 1" })).toBeVisible();

  // Keyboard only: focus the switcher, open it, move to the other organization, pick it.
  await switcher(page).focus();
  await page.keyboard.press("Enter");
  const menu = page.getByRole("menu");
  await expect(menu).toBeVisible();
  const items = menu.getByRole("menuitemradio");
  await expect(items).toHaveCount(2);
  await expect(items.nth(0)).toContainText(firstName);
  await expect(items.nth(0)).toContainText("Owner · Pro plan");
  await expect(items.nth(0)).toHaveAttribute("aria-checked", "true");
  await expect(items.nth(1)).toContainText("Admin · Enterprise plan");
  await expect(items.nth(1)).toHaveAttribute("aria-checked", "false");
  await expectAccessible(page, "organization menu open, 1280 px");
  await expect(items.nth(0)).toBeFocused();
  await page.keyboard.press("ArrowDown");
  await expect(items.nth(1)).toBeFocused();
  await page.keyboard.press("Enter");

  await expect(page).toHaveURL(/\/settings\/api-tokens$/);
  await expect(currentName).toHaveText(secondName);
  await expect(page.getByRole("link", { name: "Orbit 1" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Alpha 1" })).toHaveCount(0);

  // The first organization's token is not shown while the second is current: the page
  // names the organization it belongs to and offers the switch (taken at the end).
  await page.goto(`/settings/api-tokens/${firstToken?.id}`);
  await expect(
    page.getByRole("heading", { level: 1, name: `This token belongs to ${firstName}` }),
  ).toBeVisible();
  await expect(page.getByText(firstToken!.name)).toHaveCount(0);
  await expectAccessible(page, "a token of the other organization");
  // A token of no organization of theirs is simply not found.
  await page.goto(`/settings/api-tokens/${randomUUID()}`);
  await expect(page.getByRole("heading", { name: "Token not found" })).toBeVisible();

  await page.goto("/settings/api-tokens");
  await page.reload();
  await expect(currentName).toHaveText(secondName);

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
  await signIn(page, first.email);
  await expect(currentName).toHaveText(secondName);
  await expect(page.getByRole("link", { name: "Orbit 2" })).toBeVisible();

  // At phone width the long name is cut short, and the open menu fits the screen.
  await page.setViewportSize(PHONE);
  await expectNoSidewaysScroll(page, "header with a long organization name, 390 px");
  await switcher(page).click();
  await expect(menu).toBeVisible();
  await expectNoSidewaysScroll(page, "organization menu open, 390 px");
  const box = await menu.boundingBox();
  expect(box && box.x >= 0 && box.x + box.width <= PHONE.width).toBe(true);
  await expectAccessible(page, "organization menu open, 390 px");
  await page.keyboard.press("Escape");
  await expect(menu).toBeHidden();
  await expect(switcher(page)).toBeFocused();

  // Back to the first, by pointer this time.
  await switcher(page).click();
  await menu.getByRole("menuitemradio", { name: new RegExp(firstName) }).click();
  await expect(currentName).toHaveText(firstName);
  await expect(page.getByRole("link", { name: "Alpha 1" })).toBeVisible();

  // A link to the second organization's token (as in an email) offers the switch, which
  // opens that token there.
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(`/settings/api-tokens/${secondToken?.id}`);
  await page.getByRole("button", { name: `Switch to ${secondName}` }).click();
  await expect(page).toHaveURL(new RegExp(`/settings/api-tokens/${secondToken?.id}$`));
  await expect(page.getByRole("heading", { level: 1, name: secondToken!.name })).toBeVisible();
  await expect(currentName).toHaveText(secondName);
});

test("a user in one organization sees its name, with no menu", async ({ page }) => {
  const account = await createAccount("PRO", "single-org");
  await signIn(page, account.email);
  await expect(page.getByTestId("organization-name")).toHaveText(
    await organizationName(account.organizationId),
  );
  await expect(switcher(page)).toHaveCount(0);
});

test("a user removed from their only organization is told so, and can sign out and in", async ({
  page,
}) => {
  const account = await createAccount("PRO", "removed");
  await signIn(page, account.email);
  await withDb((client) =>
    client.query("DELETE FROM memberships WHERE user_id = $1", [account.userId]),
  );

  await page.goto("/settings/api-tokens");
  await expect(page).toHaveURL(/\/no-organization$/);
  const heading = page.getByRole("heading", {
    name: "You're not a member of any organization anymore",
  });
  await expect(heading).toBeVisible();
  await expect(page.getByText(account.email)).toBeVisible();
  await expectAccessible(page, "no organization page");
  await page.setViewportSize(PHONE);
  await expectNoSidewaysScroll(page, "no organization page, 390 px");

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
  // Signing in still works, and lands on the same explanation, not in a loop.
  await page.getByLabel("Email").fill(account.email);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(/\/no-organization$/);
  await expect(heading).toBeVisible();
});
