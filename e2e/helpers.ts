import { randomUUID } from "node:crypto";
import { expect, type Locator, type Page } from "@playwright/test";
import pg from "pg";

// Steps several end-to-end specs share.

export const DEMO_PASSWORD = "mailshield-demo";

/** Signs in through the login page and waits for the dashboard. */
export async function signIn(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(/\/settings\/api-tokens$/, { timeout: 30_000 });
}

/** Signs up a fresh account (its own organization) and waits for the dashboard. */
export async function signUp(page: Page, label: string, password: string): Promise<string> {
  const suffix = randomUUID().slice(0, 8);
  const email = `e2e-${label}-${suffix}@example.test`;
  await page.goto("/signup");
  await page.getByLabel("Your name").fill("Ada Lovelace");
  await page.getByLabel("Organization name").fill(`Engines ${suffix}`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Create account" }).click();
  // Sign-up signs in.
  await expect(page).toHaveURL(/\/settings\/api-tokens$/, { timeout: 30_000 });
  // Ready to create tokens and invite, as if the emailed link had been opened (that flow is
  // e2e/account-email.spec.ts's); the next page load shows it.
  await markEmailVerified(email);
  return email;
}

/** Sets the account's address verified, as opening the emailed link does. */
export async function markEmailVerified(email: string): Promise<void> {
  await sql("UPDATE users SET email_verified_at = now() WHERE email = $1", [email.toLowerCase()]);
}

/** Runs `work` with a connection to the app's database (set-up shortcuts and checks). */
export async function withDb<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Runs one statement on the app's database, for states the dashboard cannot reach. */
export async function sql<T extends pg.QueryResultRow>(
  text: string,
  values: unknown[] = [],
): Promise<T[]> {
  return withDb(async (client) => (await client.query<T>(text, values)).rows);
}

/**
 * Creates a token through the tokens page's dialog; returns its plaintext and id. Needs the
 * clipboard permissions (`test.use({ permissions: ["clipboard-read", "clipboard-write"] })`).
 */
export async function createTokenInDashboard(page: Page, name: string, ipAllowlist?: string) {
  await page.goto("/settings/api-tokens");
  await page.getByRole("button", { name: "Create Token", exact: true }).click();
  const dialog = page.getByRole("dialog", { name: "Create API token" });
  await dialog.getByLabel("Name").fill(name);
  if (ipAllowlist) await dialog.getByLabel("IP Allowlist").fill(ipAllowlist);
  await dialog.getByRole("button", { name: "Create", exact: true }).click();
  const reveal = page.getByRole("dialog", { name: "Copy your new API token" });
  const token = await reveal.getByLabel("API token").inputValue();
  await reveal.getByRole("button", { name: "Copy", exact: true }).click();
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

/** A token name no earlier run used, so specs can repeat against the same database. */
export function uniqueTokenName(label: string): string {
  return `E2E ${label} ${randomUUID().slice(0, 8)}`;
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
