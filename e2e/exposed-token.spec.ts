import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import AxeBuilder from "@axe-core/playwright";
import { type Browser, expect, type Page, test } from "@playwright/test";
import pg from "pg";
import { generateApiToken } from "../lib/auth/token";
import { signUp as signUpAs } from "./helpers";

// A token reported as exposed through the documented curl example (docs/api.md): the owner
// sees the Exposed badge and a banner with the URL, dismisses the banner, and it stays
// dismissed after a reload and in another browser. A fresh account per run keeps the
// banner's state its own.

const run = promisify(execFile);
const PASSWORD = "correct horse battery staple";
const DOCS_PLACEHOLDER_ORIGIN = "https://mailshield.example";
const LEAK_URL = "https://github.com/acme/app/blob/main/.env";

function signUp(page: Page): Promise<string> {
  return signUpAs(page, "exposed", PASSWORD);
}

async function signIn(page: Page, email: string) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await expect(page.getByLabel("Password")).toHaveValue(PASSWORD);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(/\/settings\/api-tokens$/, { timeout: 30_000 });
}

/** Gives the account's organization a working token; returns it with its id. */
async function createToken(email: string, name: string) {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    const { rows } = await client.query<{ organization_id: string }>(
      `SELECT m.organization_id FROM memberships m JOIN users u ON u.id = m.user_id WHERE u.email = $1`,
      [email],
    );
    const generated = generateApiToken();
    const id = randomUUID();
    await client.query(
      `INSERT INTO api_tokens (id, organization_id, name, token_hash, last_four, updated_at)
       VALUES ($1, $2, $3, $4, $5, now())`,
      [id, rows[0]!.organization_id, name, generated.tokenHash, generated.lastFour],
    );
    return { id, token: generated.token };
  } finally {
    await client.end();
  }
}

/** Runs docs/api.md's "report a leak yourself" curl example with LEAKED_TOKEN set. */
async function reportWithDocsExample(baseURL: string, token: string): Promise<string> {
  const markdown = await readFile(path.join(import.meta.dirname, "../docs/api.md"), "utf8");
  const example = /```sh\n(curl -X POST [^`]*secret-scanning[^`]*)```/.exec(markdown)?.[1];
  expect(example, "docs/api.md has the curl example").toBeTruthy();
  const command = `${example!.replaceAll(DOCS_PLACEHOLDER_ORIGIN, baseURL).trim()} --fail-with-body -sS`;
  const env = { ...process.env, LEAKED_TOKEN: token };
  return (await run("bash", ["-euo", "pipefail", "-c", command], { env })).stdout;
}

function banner(page: Page) {
  return page.getByTestId("exposure-banner");
}

async function screenshots(page: Page, name: string, outputPath: (file: string) => string) {
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: outputPath(`${name}-${width}.png`), fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 720 });
}

async function freshPage(browser: Browser, email: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, email);
  return page;
}

test("a token reported as exposed is badged, bannered, and the banner stays dismissed", async ({
  page,
  browser,
  baseURL,
}, testInfo) => {
  const email = await signUp(page);
  const name = `Deploy bot ${randomUUID().slice(0, 6)}`;
  const { id, token } = await createToken(email, name);
  await page.reload();
  await expect(page.getByRole("row").filter({ hasText: name })).toBeVisible();
  await expect(banner(page)).toHaveCount(0);

  const answer = JSON.parse(await reportWithDocsExample(baseURL!, token));
  expect(answer).toEqual([
    { token_raw: token, token_type: "mailshield_api_token", label: "true_positive" },
  ]);

  await page.reload();
  await expect(banner(page)).toContainText("An API token was found exposed in public");
  await expect(banner(page).getByRole("link", { name: LEAK_URL })).toHaveAttribute(
    "href",
    LEAK_URL,
  );
  await expect(banner(page).getByRole("link", { name })).toBeVisible();
  const row = page.getByRole("row").filter({ hasText: name });
  await expect(row.getByText("Exposed", { exact: true })).toBeVisible();
  await expect(row.getByText("Revoked", { exact: true })).toBeVisible();
  const axe = await new AxeBuilder({ page }).include("[data-testid=exposure-banner]").analyze();
  expect(axe.violations).toEqual([]);
  await screenshots(page, "tokens-exposed", testInfo.outputPath.bind(testInfo));

  await page.goto(`/settings/api-tokens/${id}`);
  await expect(page.getByRole("heading", { name })).toBeVisible();
  await expect(page.getByTestId("exposed-badge").first()).toBeVisible();
  await expect(page.getByText("automatically, as it was found exposed")).toBeVisible();
  await screenshots(page, "token-exposed", testInfo.outputPath.bind(testInfo));

  await banner(page).getByRole("button", { name: "Dismiss" }).click();
  await expect(banner(page)).toHaveCount(0);
  await page.reload();
  await expect(page.getByRole("heading", { name })).toBeVisible();
  await expect(banner(page)).toHaveCount(0);
  // Dismissed on the server: another browser does not see it either; the badge stays.
  const other = await freshPage(browser, email);
  await expect(other.getByRole("row").filter({ hasText: name }).getByText("Exposed")).toBeVisible();
  await expect(banner(other)).toHaveCount(0);
  await other.context().close();
});
