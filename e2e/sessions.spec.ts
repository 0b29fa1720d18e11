import { expect, type Page, test } from "@playwright/test";
import { screenshots, signIn, sql, tokenRow, uniqueTokenName } from "./helpers";
import { expectNoSessionFromNextAuth, sessionCookieHeader } from "./revoked-session";
import { createAccount } from "./support/accounts";
import { expectAccessible } from "./support/axe";
import { expectNoSidewaysScroll } from "./support/layout";

// Settings → Security → Sessions and sudo mode, as a person uses them. Each test signs in
// as a fresh account (the demo password), so runs repeat on one database.

// Two browsers, sign-ins (argon2) and axe at two widths per state: more than the default
// minute on a shared machine.
test.slow();

const WIDTHS = [
  { width: 1280, height: 900 },
  { width: 390, height: 844 },
];

/** Checks the page as it is now at desktop and phone widths, then returns to desktop. */
async function accessibleAtBothWidths(page: Page, state: string) {
  for (const size of WIDTHS) {
    await page.setViewportSize(size);
    await expectAccessible(page, `${state} at ${size.width} px`);
    await expectNoSidewaysScroll(page, `${state} at ${size.width} px`);
  }
  await page.setViewportSize(WIDTHS[0] as { width: number; height: number });
}

test("ending another session from Sessions signs that browser out at its next request", async ({
  browser,
  baseURL,
}) => {
  const account = await createAccount("PRO", "sessions");
  const laptop = await browser.newContext();
  const phone = await browser.newContext({
    userAgent:
      "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
  });
  try {
    const here = await laptop.newPage();
    const there = await phone.newPage();
    await signIn(there, account.email);
    await signIn(here, account.email);
    const phoneCookie = await sessionCookieHeader(phone);

    await here.goto("/settings/security");
    const sessions = here.getByRole("region", { name: "Sessions" });
    const rows = sessions.getByRole("listitem");
    await expect(rows).toHaveCount(2);
    // This device first, without a Sign out of its own; the phone named by browser and OS.
    await expect(rows.first().getByText("This device")).toBeVisible();
    await expect(rows.first().getByRole("button", { name: /^Sign out/ })).toHaveCount(0);
    const phoneRow = rows.filter({ hasText: "Safari 17 on iOS 17.5" });
    await expect(phoneRow).toBeVisible();
    await expect(phoneRow.getByText("IP address")).toBeVisible();
    await accessibleAtBothWidths(here, "sessions list");
    await screenshots(here, "sessions-list");

    await phoneRow.getByRole("button", { name: "Sign out Safari 17 on iOS 17.5" }).click();
    await expect(here.getByText("Session signed out", { exact: true })).toBeVisible();
    await expect(rows).toHaveCount(1);
    await expect(
      sessions.getByText("This is your only session: no other browser is signed in"),
    ).toBeVisible();

    // The phone is refused at its next request, by the pages and by next-auth itself.
    await there.goto("/settings/api-tokens");
    await expect(there).toHaveURL(/\/login/);
    await expectNoSessionFromNextAuth(baseURL ?? "", phoneCookie);
    // And this browser goes on.
    await here.goto("/settings/api-tokens");
    await expect(here).toHaveURL(/\/settings\/api-tokens$/);

    const audited = await sql<{ count: string }>(
      `SELECT count(*) FROM audit_events WHERE actor_id = $1 AND action = 'user.session_signed_out'`,
      [account.userId],
    );
    expect(Number(audited[0]?.count)).toBe(1);
  } finally {
    await laptop.close();
    await phone.close();
  }
});

test("a Full access token asks Confirm it's you first, then is created without retyping", async ({
  page,
}) => {
  const account = await createAccount("PRO", "sudo");
  await signIn(page, account.email);
  // Signed in an hour ago: sudo mode has lapsed. (The server's clock cannot be moved.)
  await sql(
    `UPDATE user_sessions SET confirmed_at = confirmed_at - interval '1 hour' WHERE user_id = $1`,
    [account.userId],
  );

  const name = uniqueTokenName("Full access");
  await page.getByRole("button", { name: "Create Token", exact: true }).click();
  const create = page.getByRole("dialog", { name: "Create API token" });
  await create.getByLabel("Name").fill(name);
  await create
    .getByRole("radiogroup", { name: "Permissions" })
    .getByRole("radio", { name: "Full access" })
    .click();
  await create.getByRole("button", { name: "Create", exact: true }).click();

  const confirm = page.getByRole("dialog", { name: "Confirm it's you" });
  await expect(confirm).toBeVisible();
  await expect(confirm.getByLabel("Password")).toBeFocused();
  await accessibleAtBothWidths(page, "Confirm it's you dialog");
  await screenshots(page, "sudo-dialog");

  await confirm.getByLabel("Password").fill("not my password");
  await confirm.getByRole("button", { name: "Confirm" }).click();
  // Checking a password (argon2) takes a while on a busy machine, as at sign-in.
  await expect(confirm.getByText("Your password is incorrect")).toBeVisible({ timeout: 30_000 });
  await expect(confirm.getByLabel("Password")).toBeFocused();

  await confirm.getByLabel("Password").fill("mailshield-demo");
  await confirm.getByRole("button", { name: "Confirm" }).click();
  // The pending create went on by itself: the token is revealed, with what was typed.
  const reveal = page.getByRole("dialog", { name: "Copy your new API token" });
  await expect(reveal).toBeVisible({ timeout: 30_000 });
  await expect(confirm).toBeHidden();
  await reveal.getByRole("button", { name: "Done" }).click();
  await page.getByRole("button", { name: "Close without copying" }).click();
  await expect(tokenRow(page, name)).toContainText("Full access");

  // Within the next 15 minutes another write token needs no second confirmation.
  const second = uniqueTokenName("Writer");
  await page.getByRole("button", { name: "Create Token", exact: true }).click();
  await create.getByLabel("Name").fill(second);
  await create.getByRole("button", { name: "Create", exact: true }).click();
  await expect(reveal).toBeVisible();
  await expect(confirm).toBeHidden();
});

test("dismissing Confirm it's you creates nothing and keeps the form as typed", async ({
  page,
}) => {
  const account = await createAccount("PRO", "sudo-cancel");
  await signIn(page, account.email);
  await sql(
    `UPDATE user_sessions SET confirmed_at = confirmed_at - interval '1 hour' WHERE user_id = $1`,
    [account.userId],
  );
  const name = uniqueTokenName("Not made");
  await page.getByRole("button", { name: "Create Token", exact: true }).click();
  const create = page.getByRole("dialog", { name: "Create API token" });
  await create.getByLabel("Name").fill(name);
  await create.getByRole("button", { name: "Create", exact: true }).click();
  const confirm = page.getByRole("dialog", { name: "Confirm it's you" });
  await confirm.getByRole("button", { name: "Cancel" }).click();
  await expect(confirm).toBeHidden();
  await expect(create.getByText("Confirm it's you to continue.")).toBeVisible();
  await expect(create.getByLabel("Name")).toHaveValue(name);
  const tokens = await sql<{ count: string }>(
    `SELECT count(*) FROM api_tokens WHERE organization_id = $1`,
    [account.organizationId],
  );
  expect(Number(tokens[0]?.count)).toBe(0);
});
