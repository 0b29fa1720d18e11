import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import { hash } from "@node-rs/argon2";
import { expect, type Page, test } from "@playwright/test";
import pg from "pg";
import { createTokenInDashboard as createToken, DEMO_PASSWORD, signIn } from "./helpers";

// The Audit Log shows who did what: the sign-in, a token created in the dashboard and a
// domain added by that token through the API, each with its actor; filtering by action
// narrows the list, and the CSV export holds the filtered events. A member (not an owner
// or admin) is told they cannot see it. Runs as the seeded Business demo owner.

const OWNER_EMAIL = "business@mailshield.test";

test.use({ permissions: ["clipboard-read", "clipboard-write"] });

/** The events as shown at this width: table rows on a wide screen. */
const eventRows = (page: Page) =>
  page
    .getByRole("table", { name: "Audit events" })
    .getByRole("row")
    .filter({ has: page.getByRole("cell") });

test("events show who did what; filtering by action and exporting CSV", async ({
  page,
  request,
}) => {
  const suffix = randomUUID().slice(0, 8);
  const tokenName = `E2E audit ${suffix}`;
  const domainName = `audit-${suffix}.example`;

  await signIn(page, OWNER_EMAIL);
  const { token } = await createToken(page, tokenName);
  const created = await request.post("/api/v1/domains", {
    headers: { Authorization: `Bearer ${token}` },
    data: { name: domainName },
  });
  expect(created.status()).toBe(201);

  await page
    .getByRole("navigation", { name: "Settings" })
    .getByRole("link", { name: "Audit Log" })
    .click();
  await expect(page).toHaveURL(/\/settings\/audit-log$/);
  await expect(page.getByRole("heading", { name: "Audit Log", level: 1 })).toBeVisible();

  const domainRow = eventRows(page).filter({ hasText: domainName });
  await expect(domainRow).toHaveCount(1);
  await expect(domainRow).toContainText("Domain added");
  await expect(domainRow).toContainText(tokenName);
  await expect(domainRow).toContainText("API token");
  const tokenRow = eventRows(page)
    .filter({ hasText: "Token created" })
    .filter({ hasText: tokenName });
  await expect(tokenRow).toHaveCount(1);
  await expect(tokenRow).toContainText("Person");
  await expect(eventRows(page).filter({ hasText: "Sign-in succeeded" }).first()).toBeVisible();

  // Filter by action with the keyboard: the select opens, the option is chosen, the URL follows.
  await page.getByLabel("Action").focus();
  await page.keyboard.press("Enter");
  await page.getByRole("option", { name: "Domain added" }).click();
  await expect(page).toHaveURL(/action=domain\.created/);
  await expect(eventRows(page).filter({ hasText: "Token created" })).toHaveCount(0);
  await expect(eventRows(page).filter({ hasText: domainName })).toHaveCount(1);

  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Export CSV" }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^audit-log-\d{8}-\d{6}\.csv$/);
  const lines = (await readFile(await download.path(), "utf8")).trimEnd().split("\r\n");
  expect(lines[0]).toBe(
    "timestamp_utc,action,action_label,actor_type,actor_id,actor_name,target_type,target_id,target_name,ip,details",
  );
  expect(lines.slice(1).every((line) => line.includes(",domain.created,Domain added,token,"))).toBe(
    true,
  );
  expect(lines.some((line) => line.includes(domainName))).toBe(true);
});

test("a member is told the audit log is for owners and admins", async ({ page }) => {
  const email = `member-${randomUUID().slice(0, 8)}@mailshield.test`;
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    const { rows } = await client.query<{ id: string }>(
      // The owner's own organization (the oldest membership; they also belong to Acme Labs).
      "SELECT o.id FROM organizations o JOIN memberships m ON m.organization_id = o.id JOIN users u ON u.id = m.user_id WHERE u.email = $1 ORDER BY m.created_at LIMIT 1",
      [OWNER_EMAIL],
    );
    const user = await client.query<{ id: string }>(
      "INSERT INTO users (id, email, name, password_hash, updated_at) VALUES (gen_random_uuid(), $1, 'E2E Member', $2, now()) RETURNING id",
      [email, await hash(DEMO_PASSWORD)],
    );
    await client.query(
      "INSERT INTO memberships (id, organization_id, user_id, role) VALUES (gen_random_uuid(), $1, $2, 'MEMBER')",
      [rows[0]?.id, user.rows[0]?.id],
    );
  } finally {
    await client.end();
  }
  await signIn(page, email);
  await page.goto("/settings/audit-log");
  await expect(page.getByRole("heading", { name: "You can't view the audit log" })).toBeVisible();
  await expect(page.getByText("Only owners and admins can view the audit log.")).toBeVisible();
  await expect(page.getByRole("link", { name: "Export CSV" })).toHaveCount(0);
  const refused = await page.request.get("/api/audit-log/export");
  expect(refused.status()).toBe(403);
});
