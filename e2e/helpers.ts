import { expect, type Page } from "@playwright/test";
import pg from "pg";

// Steps several end-to-end specs share.

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

/** Creates a token through the tokens page's dialog; returns its plaintext and id. */
export async function createTokenInDashboard(page: Page, name: string, ipAllowlist?: string) {
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
