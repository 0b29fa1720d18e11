import { randomUUID } from "node:crypto";
import AxeBuilder from "@axe-core/playwright";
import { expect, type Page, test } from "@playwright/test";
import { signIn, sql, uniqueTokenName } from "./helpers";

// Per-domain scoping end to end: a token made in the dashboard for one domain reads that
// domain through the API and gets 404 for another; the Domain access field is keyboard
// operable and axe clean at desktop and phone widths.

/** Two new domains of the Pro demo organization, so runs can repeat on one database. */
async function twoDomains(): Promise<{ id: string; name: string }[]> {
  const suffix = randomUUID().slice(0, 8);
  return sql<{ id: string; name: string }>(
    `INSERT INTO domains (id, organization_id, name, updated_at)
     SELECT gen_random_uuid(), m.organization_id, n.name, now()
       FROM users u JOIN memberships m ON m.user_id = u.id
       CROSS JOIN (VALUES ($1), ($2)) AS n(name)
      WHERE u.email = 'pro@mailshield.test'
     RETURNING id::text, name`,
    [`scoped-${suffix}.example`, `other-${suffix}.example`],
  );
}

async function seriousViolations(page: Page, selector: string) {
  const { violations } = await new AxeBuilder({ page }).include(selector).analyze();
  return violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map(
      (violation) => `${violation.id}: ${violation.nodes.map((node) => node.target).join(", ")}`,
    );
}

test("a token for one domain reads it (200) and gets 404 for another", async ({
  page,
  request,
}) => {
  const [selected, other] = await twoDomains();
  const name = uniqueTokenName("One domain");
  await signIn(page, "pro@mailshield.test");
  await page.goto("/settings/api-tokens");
  await page.getByRole("button", { name: "Create Token", exact: true }).click();
  const dialog = page.getByRole("dialog", { name: "Create API token" });
  await dialog.getByLabel("Name").fill(name);

  const access = dialog.getByRole("radiogroup", { name: "Domain access" });
  await expect(access.getByRole("radio", { name: "All domains" })).toBeChecked();
  // Keyboard: arrow keys move the choice, then search and tick a domain with Space.
  await access.getByRole("radio", { name: "All domains" }).focus();
  await page.keyboard.down("ArrowRight");
  await expect(access.getByRole("radio", { name: "Only selected domains" })).toBeChecked();
  await page.keyboard.up("ArrowRight");
  await expect(
    dialog.getByText("No domain selected: this token can reach no domain."),
  ).toBeVisible();
  await dialog.getByLabel("Search domains").fill(selected!.name);
  await expect(dialog.getByRole("checkbox", { name: other!.name })).toHaveCount(0);
  await dialog.getByRole("checkbox", { name: selected!.name }).focus();
  await page.keyboard.press("Space");
  await expect(dialog.getByRole("checkbox", { name: selected!.name })).toBeChecked();

  const fieldset = dialog.getByRole("group", { name: "Domain access" });
  await fieldset.scrollIntoViewIfNeeded();
  await page.screenshot({ path: "test-results/domain-scoping-create-1280.png" });
  expect(await seriousViolations(page, "[role=dialog]")).toEqual([]);
  await page.setViewportSize({ width: 390, height: 844 });
  await fieldset.scrollIntoViewIfNeeded();
  await page.screenshot({ path: "test-results/domain-scoping-create-390.png" });
  expect(await seriousViolations(page, "[role=dialog]")).toEqual([]);
  await page.setViewportSize({ width: 1280, height: 720 });

  await dialog.getByRole("button", { name: "Create", exact: true }).click();
  const reveal = page.getByRole("dialog", { name: "Copy your new API token" });
  await expect(reveal).toBeVisible();
  const token = await reveal.getByLabel("API token").inputValue();
  await reveal.getByRole("button", { name: "Done" }).click();
  await page.getByRole("button", { name: "Close without copying" }).click();

  const headers = { authorization: `Bearer ${token}` };
  const mine = await request.get(`/api/v1/domains/${selected!.id}`, { headers });
  expect(mine.status()).toBe(200);
  const theirs = await request.get(`/api/v1/domains/${other!.id}`, { headers });
  expect(theirs.status()).toBe(404);
  const list = (await (await request.get("/api/v1/domains", { headers })).json()) as {
    data: { id: string }[];
  };
  expect(list.data.map((domain) => domain.id)).toEqual([selected!.id]);

  // The token page names the selection.
  await page.getByRole("link", { name, exact: true }).first().click();
  await expect(page.getByRole("list", { name: "Selected domains" })).toContainText(selected!.name);
  await page.screenshot({
    path: "test-results/domain-scoping-token-page-1280.png",
    fullPage: true,
  });
});
