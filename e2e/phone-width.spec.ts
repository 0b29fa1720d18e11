import { expect, type Locator, type Page, test } from "@playwright/test";
import { addRequestLogs, addTokens, createAccount, signIn } from "./support/accounts";
import { expectNoSidewaysScroll } from "./support/layout";

// At 390px and 360px (phones) no page scrolls sideways, the navigation shows every section,
// and the Access Logs and a token's recent requests become stacked records with every field
// in sight. Screenshots are saved to test-results/ to be looked at, not compared pixel by
// pixel (fonts and antialiasing differ between machines).

const PHONES = [
  { width: 390, height: 844 },
  { width: 360, height: 780 },
] as const;

/**
 * Entirely inside the window's width (scrolled into view vertically first). Retried as a
 * whole: a page that re-renders (a list refreshing after it loads) can detach the element
 * between the scroll and the measurement, and the locator then finds its replacement.
 */
async function expectWithinWidth(locator: Locator) {
  const width = locator.page().viewportSize()!.width;
  await expect(async () => {
    await locator.scrollIntoViewIfNeeded({ timeout: 2_000 });
    const box = await locator.boundingBox({ timeout: 2_000 });
    expect(box, "the element is rendered").not.toBeNull();
    expect(box!.x).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width).toBeLessThanOrEqual(width);
  }).toPass({ timeout: 10_000 });
}

async function screenshot(page: Page, name: string) {
  const width = page.viewportSize()!.width;
  await page.screenshot({ path: `test-results/phone-${name}-${width}.png`, fullPage: true });
}

for (const phone of PHONES) {
  test.describe(`at ${phone.width}px`, () => {
    test.use({ viewport: phone, reducedMotion: "reduce" });

    test("every page fits a phone, the navigation shows every section, logs are stacked records", async ({
      page,
    }) => {
      const account = await createAccount("PRO", "phone");
      const [token] = await addTokens(account, 3, "Marketing site deploy");
      await addRequestLogs(account, token!);
      await signIn(page, account.email);

      const nav = page.getByRole("navigation", { name: "Settings" });
      for (const section of ["API Tokens", "Access Logs", "Members", "Billing", "Security"]) {
        await expectWithinWidth(nav.getByRole("link", { name: section }));
      }
      await expectNoSidewaysScroll(page, "tokens list");
      await screenshot(page, "tokens");

      await page.goto(`/settings/api-tokens/${token!.id}`);
      await expect(page.getByRole("heading", { level: 1, name: token!.name })).toBeVisible();
      await expectNoSidewaysScroll(page, "token page");
      await expectWithinWidth(page.getByRole("button", { name: "Revoke", exact: true }));
      await expectWithinWidth(page.getByRole("button", { name: "Save changes" }));
      const recent = page.getByTestId("token-activity-row");
      await expect(recent).toHaveCount(4);
      for (const cell of await recent.first().getByRole("cell").all())
        await expectWithinWidth(cell);
      await screenshot(page, "token-page");

      await page.goto("/settings/api-tokens/access-logs");
      const rows = page.getByTestId("access-log-row");
      await expect(rows).toHaveCount(4);
      await expectNoSidewaysScroll(page, "access logs");
      const denied = rows.filter({ hasText: "403" });
      for (const cell of await denied.getByRole("cell").all()) await expectWithinWidth(cell);
      // Every field is labelled and readable, not cut off.
      await expect(denied.getByRole("link", { name: "198.51.100.7" })).toBeVisible();
      await expect(denied).toContainText("/api/v1/domains/7d3c");
      await expect(denied.getByRole("link", { name: token!.name })).toBeVisible();
      await denied.getByRole("button", { name: /Show details/ }).click();
      await expectWithinWidth(page.getByTestId("access-log-detail"));
      await expectNoSidewaysScroll(page, "access logs with a row's details");
      await screenshot(page, "access-logs");

      for (const path of ["/settings/members", "/settings/billing", "/settings/security"]) {
        await page.goto(path);
        await expect(page.locator("h1")).toBeVisible();
        await expectNoSidewaysScroll(page, path);
      }
      await page.goto("/settings/billing");
      await screenshot(page, "billing");
    });
  });
}
