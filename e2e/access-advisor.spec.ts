import AxeBuilder from "@axe-core/playwright";
import { expect, type Page, test } from "@playwright/test";
import { createTokenInDashboard, signIn, uniqueTokenName } from "./helpers";

// The Access advisor on a token's page: a token holding domains:read and domains:write that
// only ever read shows domains:write unused, and "Reduce to what it used" takes it away
// with an ordinary edit.

test.use({ permissions: ["clipboard-read", "clipboard-write"] });

async function seriousViolations(page: Page, selector: string) {
  const { violations } = await new AxeBuilder({ page }).include(selector).analyze();
  return violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map(
      (violation) => `${violation.id}: ${violation.nodes.map((node) => node.target).join(", ")}`,
    );
}

test("shows the unused scope, and Reduce to what it used removes it after Save", async ({
  page,
  request,
}) => {
  const name = uniqueTokenName("Advisor");
  await signIn(page, "pro@mailshield.test");
  const { token, id } = await createTokenInDashboard(page, name);

  // One read: the token holds domains:read and domains:write (the default) and uses one.
  const read = await request.get("/api/v1/domains", {
    headers: { authorization: `Bearer ${token}` },
  });
  expect(read.status()).toBe(200);

  const advisor = page.getByRole("region", { name: "Access advisor" });
  // The log is written in batches, off the response path: reload until the row is in.
  await expect(async () => {
    await page.goto(`/settings/api-tokens/${id}`);
    await expect(advisor.getByText("GET /api/v1/domains", { exact: true })).toBeVisible({
      timeout: 1_000,
    });
  }).toPass({ timeout: 20_000 });

  const readRow = advisor.getByRole("row", { name: /domains:read/ });
  const writeRow = advisor.getByRole("row", { name: /domains:write/ });
  await expect(readRow.getByRole("cell").nth(1)).toHaveText("1");
  await expect(writeRow.getByText("Unused for 90 days")).toBeVisible();
  await expect(readRow.getByText("Unused for 90 days")).toHaveCount(0);

  // The token page refreshes its sections as new log rows land; a scroll aimed at the
  // section being replaced is tried again on the new one.
  const scrollToAdvisor = () =>
    expect(async () => advisor.scrollIntoViewIfNeeded({ timeout: 1_000 })).toPass();
  await scrollToAdvisor();
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
    await scrollToAdvisor();
    await page.screenshot({ path: `test-results/access-advisor-${width}.png`, fullPage: true });
    await advisor.screenshot({ path: `test-results/access-advisor-section-${width}.png` });
    expect(await seriousViolations(page, "section[aria-labelledby=access-advisor-title]")).toEqual(
      [],
    );
  }
  await page.setViewportSize({ width: 1280, height: 900 });

  await advisor.getByRole("button", { name: "Reduce to what it used" }).click();
  const dialog = page.getByRole("dialog", { name: "Reduce to what it used" });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByText(/domains:write/).first()).toBeVisible();
  await page.screenshot({ path: "test-results/access-advisor-reduce-1280.png" });
  expect(await seriousViolations(page, "[role=dialog]")).toEqual([]);
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: "test-results/access-advisor-reduce-390.png" });
  expect(await seriousViolations(page, "[role=dialog]")).toEqual([]);
  await page.setViewportSize({ width: 1280, height: 900 });

  await dialog.getByRole("button", { name: "Save changes" }).click();
  await expect(dialog).toBeHidden();
  const scopes = page.getByRole("list", { name: "Scopes" });
  await expect(scopes.getByText("domains:write", { exact: true })).toHaveCount(0);
  await expect(scopes.getByText("domains:read", { exact: true })).toBeVisible();
  // Nothing unused is left, so nothing to reduce.
  await expect(advisor.getByRole("button", { name: "Reduce to what it used" })).toHaveCount(0);
});

test("owners set the unused-token policy beside the lifetime policy", async ({ page }) => {
  await signIn(page, "pro@mailshield.test");
  await page.goto("/settings/api-tokens");
  const section = page.locator("section[aria-labelledby=unused-token-policy-title]");
  const choices = section.getByRole("radiogroup", { name: "Revoke unused tokens" });
  await expect(choices.getByRole("radio", { name: "Off" })).toBeChecked();
  await choices.getByRole("radio", { name: "90 days" }).click();
  await section.getByRole("button", { name: "Save policy" }).click();
  await expect(section.getByText(/tokens unused for 90 days are revoked/)).toBeVisible();
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
    await section.screenshot({ path: `test-results/unused-token-policy-${width}.png` });
    expect(
      await seriousViolations(page, "section[aria-labelledby=unused-token-policy-title]"),
    ).toEqual([]);
  }
  // Back to the default, so the demo organization's tokens are left alone.
  await choices.getByRole("radio", { name: "Off" }).click();
  await section.getByRole("button", { name: "Save policy" }).click();
  await expect(section.getByText(/unused tokens are not revoked/)).toBeVisible();
});
