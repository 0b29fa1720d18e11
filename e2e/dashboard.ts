import { expect, type Page } from "@playwright/test";

// Steps the end-to-end specs share: signing in and creating a token through the dashboard.

export const DEMO_PASSWORD = "mailshield-demo";

export async function signIn(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/settings\/api-tokens$/, { timeout: 30_000 });
}

/**
 * Creates a token through the dashboard and returns its plaintext and id. Needs the
 * clipboard permissions (`test.use({ permissions: ["clipboard-read", "clipboard-write"] })`).
 */
export async function createToken(page: Page, name: string, ipAllowlist?: string) {
  await page.goto("/settings/api-tokens");
  await page.getByRole("button", { name: "Create Token", exact: true }).click();
  const dialog = page.getByRole("dialog", { name: "Create API token" });
  await dialog.getByLabel("Name").fill(name);
  if (ipAllowlist) await dialog.getByLabel("IP Allowlist").fill(ipAllowlist);
  await dialog.getByRole("button", { name: "Create", exact: true }).click();
  const reveal = page.getByRole("dialog", { name: "Copy your new API token" });
  const token = await reveal.getByLabel("API token").inputValue();
  await reveal.getByRole("button", { name: "Copy" }).click();
  await reveal.getByRole("button", { name: "Done" }).click();
  await expect(reveal).toBeHidden();
  const href = await page
    .getByRole("row")
    .filter({ has: page.getByRole("link", { name, exact: true }) })
    .getByRole("link", { name, exact: true })
    .getAttribute("href");
  const id = href?.split("/").at(-1) ?? "";
  expect(id).toMatch(/^[0-9a-f-]{36}$/);
  return { token, id };
}
