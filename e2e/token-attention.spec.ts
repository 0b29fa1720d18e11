import { randomUUID } from "node:crypto";
import { expect, type Page, test } from "@playwright/test";
import { createTokenInDashboard, markEmailVerified } from "./helpers";

// The "Tokens that need attention" notice on the tokens list: it can be dismissed (and
// stays so until something new needs attention), and an item leaves it as soon as its
// cause is gone. A fresh account each run, moved between plans on the billing page.

const PASSWORD = "correct horse battery staple";

async function signUp(page: Page) {
  const suffix = randomUUID().slice(0, 8);
  await page.goto("/signup");
  await page.getByLabel("Your name").fill("Mary Jackson");
  await page.getByLabel("Organization name").fill(`Wind Tunnels ${suffix}`);
  await page.getByLabel("Email").fill(`e2e-attention-${suffix}@example.test`);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/settings\/api-tokens$/, { timeout: 30_000 });
  await markEmailVerified(`e2e-attention-${suffix}@example.test`);
}

async function switchPlan(page: Page, to: "Pro" | "Free") {
  await page
    .getByRole("navigation", { name: "Settings" })
    .getByRole("link", { name: "Billing" })
    .click();
  if (to === "Pro") {
    await page.getByRole("button", { name: "Upgrade to Pro" }).click();
  } else {
    await page.getByRole("button", { name: "Downgrade to Free" }).click();
    await page.getByRole("alertdialog").getByRole("button", { name: "Switch plan" }).click();
  }
  await expect(page.getByRole("banner").getByText(`${to} plan`)).toBeVisible();
}

/** Opens the tokens list through the navigation (the client router, caches and all). */
async function openTokens(page: Page) {
  await page
    .getByRole("navigation", { name: "Settings" })
    .getByRole("link", { name: "API Tokens" })
    .click();
  await expect(page.getByRole("heading", { name: "API Tokens", level: 1 })).toBeVisible();
}

test.use({ permissions: ["clipboard-read", "clipboard-write"] });

test("the attention notice can be dismissed, returns for a new cause, and drops a cause that is gone", async ({
  page,
  request,
}) => {
  await signUp(page);
  await switchPlan(page, "Pro");
  const { token: first } = await createTokenInDashboard(page, "Nightly export");
  const { token: second } = await createTokenInDashboard(page, "Billing sync");
  await switchPlan(page, "Free");

  // On Free the API refuses the tokens; their denials need attention.
  const call = (token: string) =>
    request.get("/api/v1/domains", { headers: { Authorization: `Bearer ${token}` } });
  expect((await call(first)).status()).toBe(403);
  const notice = page.getByTestId("token-insights-notice");
  await openTokens(page);
  await expect(async () => {
    await page.reload();
    await expect(notice).toContainText("Nightly export", { timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
  await expect(notice).toContainText(
    "1 denied request in the last 24 hours (latest: Plan without API access)",
  );

  // Dismissed, it stays dismissed on the next visit.
  await page.getByRole("button", { name: "Dismiss “Tokens that need attention”" }).click();
  await expect(notice).toHaveCount(0);
  await page.reload();
  await expect(page.getByRole("heading", { name: "API Tokens", level: 1 })).toBeVisible();
  await expect(notice).toHaveCount(0);

  // More denials of the same kind are nothing new; another token's are.
  expect((await call(first)).status()).toBe(403);
  expect((await call(second)).status()).toBe(403);
  await expect(async () => {
    await page.reload();
    await expect(notice).toContainText("Billing sync", { timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
  await expect(notice.getByTestId("attention-denied")).toHaveCount(2);

  // Back on Pro the plan's denials are settled: the items leave at once.
  await switchPlan(page, "Pro");
  await openTokens(page);
  await expect(notice).toHaveCount(0);
  await page.reload();
  await expect(page.getByRole("heading", { name: "API Tokens", level: 1 })).toBeVisible();
  await expect(notice).toHaveCount(0);
});
