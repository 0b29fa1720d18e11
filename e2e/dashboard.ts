import { randomUUID } from "node:crypto";
import { expect, type Locator, type Page } from "@playwright/test";

// Steps the dashboard specs share, as the seeded demo users (`npm run db:seed`).

export const DEMO_PASSWORD = "mailshield-demo";

/** A token name no earlier run used, so specs can repeat against the same database. */
export function uniqueTokenName(label: string): string {
  return `E2E ${label} ${randomUUID().slice(0, 8)}`;
}

export async function signIn(page: Page, email: string) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  // Generous: the first request of a run may have to compile or warm the page.
  await expect(page).toHaveURL(/\/settings\/api-tokens$/, { timeout: 30_000 });
}

/** Full-page screenshots at desktop and phone widths, for looking at the layout. */
export async function screenshots(page: Page, name: string) {
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
    await page.screenshot({ path: `test-results/${name}-${width}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 720 });
}

/** The tokens list's row of the token named `name`. */
export function tokenRow(page: Page, name: string): Locator {
  return page.getByRole("row").filter({ has: page.getByRole("link", { name, exact: true }) });
}
