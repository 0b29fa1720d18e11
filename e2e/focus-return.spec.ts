import { expect, type Page, test } from "@playwright/test";
import { addTokens, createAccount, signIn } from "./support/accounts";

// When a dialog or menu closes, focus lands somewhere sensible, never on <body> (where a
// keyboard or screen-reader user would have to start again from the top of the page).

function actionsButton(page: Page, name: string) {
  // The menu is named by the token's label: its name and last four (lib/rules/token-label.ts).
  return page.getByRole("button", { name: `Actions for ${name} …` });
}

test("a row's revoke dialog gives focus back to the menu button when cancelled, and to the list when done", async ({
  page,
}) => {
  const account = await createAccount("PRO", "focus-revoke");
  // The newest token is listed first; once revoked its row moves to the end of the list.
  const [newest, older] = await addTokens(account, 2, "Focus");
  await signIn(page, account.email);

  const menuButton = actionsButton(page, newest!.name);
  await menuButton.focus();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("menu")).toBeVisible();
  await page.getByRole("menuitem", { name: "Revoke…" }).focus();
  await page.keyboard.press("Enter");

  const dialog = page.getByRole("alertdialog");
  await expect(dialog).toBeVisible();
  // Cancelling returns focus to the menu's button…
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await expect(menuButton).toBeFocused();

  // Revoking moves the row to the end of the list: focus goes to the token now in its place
  // (components/tokens/list-focus.ts), so the keyboard user stays where they were.
  await page.keyboard.press("Enter");
  await page.getByRole("menuitem", { name: "Revoke…" }).focus();
  await page.keyboard.press("Enter");
  await dialog.getByRole("button", { name: "Revoke token" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole("row").filter({ hasText: newest!.name })).toContainText("Revoked");
  await expect(page.getByRole("link", { name: older!.name, exact: true })).toBeFocused();
});

test("when the control that opened a dialog is gone, focus goes to the main content", async ({
  page,
}) => {
  const account = await createAccount("PRO", "focus-page");
  const [token] = await addTokens(account, 1, "Focus");
  await signIn(page, account.email);
  await page.goto(`/settings/api-tokens/${token!.id}`);

  // The token page's Revoke button goes away with the token's editing controls.
  const revoke = page.getByRole("button", { name: "Revoke", exact: true });
  await revoke.click();
  const dialog = page.getByRole("alertdialog");
  await dialog.getByRole("button", { name: "Revoke token" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText("This token has been revoked")).toBeVisible();
  await expect(revoke).toBeHidden();
  await expect(page.getByRole("main")).toBeFocused();
});

test("closing a select gives focus back to it", async ({ page }) => {
  const account = await createAccount("PRO", "focus-select");
  await signIn(page, account.email);
  await page.goto("/settings/api-tokens/access-logs");
  const status = page.getByRole("combobox", { name: "Status", exact: true });
  await status.click();
  await expect(page.getByRole("listbox")).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(page.getByRole("listbox")).toBeHidden();
  await expect(status).toBeFocused();
});
