import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { expect, type Page, test } from "@playwright/test";
import { generateApiToken } from "../lib/auth/token";
import { withDb } from "./helpers";

// The documentation's own examples — the ones on the dashboard's API Tokens page and the
// ones in docs/api.md — are executed verbatim (curl, Python requests, Node fetch) against
// the running server, with a real token in MAILSHIELD_API_TOKEN.

const run = promisify(execFile);
const PASSWORD = "correct horse battery staple";
const DOCS_PLACEHOLDER_ORIGIN = "https://mailshield.example";

type Language = "curl" | "python" | "node";

interface Account {
  email: string;
  organizationId: string;
  token: string;
  domainName: string;
}

async function signUp(page: Page): Promise<string> {
  const suffix = randomUUID().slice(0, 8);
  const email = `e2e-api-${suffix}@example.test`;
  await page.goto("/signup");
  await page.getByLabel("Your name").fill("Grace Hopper");
  await page.getByLabel("Organization name").fill(`Compilers ${suffix}`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  // Sign-up signs in; the tests sign in again once the account is on a paid plan.
  await expect(page).toHaveURL(/\/settings\/api-tokens$/);
  await page.context().clearCookies();
  return email;
}

/** Upgrades the new organization to Pro and gives it a token and a domain. */
async function prepareAccount(email: string): Promise<Account> {
  return withDb(async (client) => {
    const { rows } = await client.query<{ organization_id: string }>(
      `SELECT m.organization_id FROM memberships m JOIN users u ON u.id = m.user_id WHERE u.email = $1`,
      [email],
    );
    const organizationId = rows[0]!.organization_id;
    await client.query(`UPDATE organizations SET plan = 'PRO' WHERE id = $1`, [organizationId]);
    const generated = generateApiToken();
    await client.query(
      `INSERT INTO api_tokens (id, organization_id, name, token_hash, last_four, updated_at)
       VALUES ($1, $2, 'docs examples', $3, $4, now())`,
      [randomUUID(), organizationId, generated.tokenHash, generated.lastFour],
    );
    const domainName = `docs-${randomUUID().slice(0, 8)}.example.com`;
    await client.query(
      `INSERT INTO domains (id, organization_id, name, updated_at) VALUES ($1, $2, $3, now())`,
      [randomUUID(), organizationId, domainName],
    );
    return { email, organizationId, token: generated.token, domainName };
  });
}

async function runExample(language: Language, code: string, token: string): Promise<string> {
  const env = { ...process.env, MAILSHIELD_API_TOKEN: token };
  if (language === "curl") {
    // Appended flags make an HTTP error fail the command (the example itself prints it).
    const command = `${code.trim()} --fail-with-body -sS`;
    return (await run("bash", ["-euo", "pipefail", "-c", command], { env })).stdout;
  }
  if (language === "python") return (await run("python3", ["-c", code], { env })).stdout;
  const dir = await mkdtemp(path.join(tmpdir(), "mailshield-example-"));
  try {
    const file = path.join(dir, "example.mjs");
    await writeFile(file, code);
    return (await run(process.execPath, [file], { env })).stdout;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

test.describe("API documentation examples", () => {
  let account: Account;
  let page: Page;

  test.beforeAll(async ({ browser }) => {
    page = await browser.newPage();
    const email = await signUp(page);
    account = await prepareAccount(email);
    await page.goto("/login");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(PASSWORD);
    await expect(page.getByLabel("Password")).toHaveValue(PASSWORD);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(page).toHaveURL(/\/settings\/api-tokens$/);
  });

  test.afterAll(async () => {
    await page.close();
  });

  const dashboardTabs: Array<[Language, string]> = [
    ["curl", "curl"],
    ["python", "Python"],
    ["node", "Node.js"],
  ];

  for (const [language, tab] of dashboardTabs) {
    test(`the dashboard's ${tab} example lists the organization's domains`, async () => {
      await page.goto("/settings/api-tokens");
      const card = page
        .getByRole("region", { name: "Using your token" })
        .or(page.locator("[aria-labelledby=using-your-token-title]"));
      await card.getByRole("tab", { name: tab, exact: true }).click();
      const code = (await card.getByRole("tabpanel").locator("pre code").textContent()) ?? "";
      expect(code).toContain("Bearer");
      const output = await runExample(language, code, account.token);
      expect(output).toContain(account.domainName);
    });
  }

  test("the examples in docs/api.md list the organization's domains", async ({ baseURL }) => {
    const markdown = await readFile(path.join(import.meta.dirname, "../docs/api.md"), "utf8");
    const blocks: Array<[Language, string]> = [];
    for (const match of markdown.matchAll(/```(bash|python|js)\n([\s\S]*?)```/g)) {
      const language = match[1] === "bash" ? "curl" : match[1] === "python" ? "python" : "node";
      blocks.push([language, match[2]!.replaceAll(DOCS_PLACEHOLDER_ORIGIN, baseURL!)]);
    }
    expect(blocks.map(([language]) => language)).toEqual(["curl", "python", "node"]);
    for (const [language, code] of blocks) {
      expect(await runExample(language, code, account.token)).toContain(account.domainName);
    }
  });

  test("an example with a revoked token fails loudly", async () => {
    await withDb((client) =>
      client.query(`UPDATE api_tokens SET revoked_at = now() WHERE organization_id = $1`, [
        account.organizationId,
      ]),
    );
    await page.goto("/settings/api-tokens");
    const card = page.locator("[aria-labelledby=using-your-token-title]");
    await card.getByRole("tab", { name: "curl", exact: true }).click();
    const code = (await card.getByRole("tabpanel").locator("pre code").textContent()) ?? "";
    await expect(runExample("curl", code, account.token)).rejects.toMatchObject({
      stdout: expect.stringContaining('"message":"Invalid or expired API token"'),
    });
  });
});
