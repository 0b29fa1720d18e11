import { randomUUID } from "node:crypto";
import { expect, type Page, test } from "@playwright/test";
import { latestAllowedExpirationDate } from "../lib/auth/token-lifetime-policy";
import {
  createTokenInDashboard,
  signIn as signInAs,
  signUp,
  sql,
  uniqueTokenName,
} from "./helpers";

// Rotating a token in the dashboard with "Expire the old token as soon as the new one is
// used": the new token is revealed once, the old one keeps working until the new one makes
// its first request, and is refused (401) from then on. Runs as the seeded Enterprise demo
// user with a uniquely named token, so it can repeat against the same database.

const DEMO_EMAIL = "enterprise@mailshield.test";

test.use({ permissions: ["clipboard-read", "clipboard-write"] });

const signIn = (page: Page) => signInAs(page, DEMO_EMAIL);

/** Reads the revealed token, copies it and closes the reveal. */
async function takeRevealedToken(page: Page, shot?: string): Promise<string> {
  const reveal = page.getByRole("dialog", { name: "Copy your new API token" });
  await expect(reveal).toBeVisible();
  const token = await reveal.getByLabel("API token").inputValue();
  expect(token).toMatch(/^ms_[A-Za-z0-9_-]{43}$/);
  if (shot) await screenshots(page, shot, false);
  await reveal.getByRole("button", { name: "Copy" }).click();
  await reveal.getByRole("button", { name: "Done" }).click();
  await expect(reveal).toBeHidden();
  return token;
}

/** Screenshots at desktop and phone widths, for looking at the layout. */
async function screenshots(page: Page, name: string, fullPage = true) {
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
    await page.screenshot({ path: `test-results/${name}-${width}.png`, fullPage });
  }
  await page.setViewportSize({ width: 1280, height: 720 });
}

test("rotating with expire-on-first-use stops the old token at the new one's first request", async ({
  page,
  request,
}) => {
  const name = `E2E rotation ${randomUUID().slice(0, 8)}`;
  const call = (token: string) =>
    request.get("/api/v1/domains", { headers: { Authorization: `Bearer ${token}` } });

  await signIn(page);
  await page.getByRole("button", { name: "Create Token", exact: true }).click();
  const create = page.getByRole("dialog", { name: "Create API token" });
  await create.getByLabel("Name").fill(name);
  await create.getByRole("button", { name: "Create", exact: true }).click();
  const oldToken = await takeRevealedToken(page);
  await page.getByRole("link", { name, exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  const oldUrl = page.url();

  await page.getByRole("button", { name: "Rotate", exact: true }).click();
  const dialog = page.getByRole("dialog", { name: `Rotate “${name}”?` });
  await expect(dialog).toBeVisible();
  const grace = dialog.getByRole("radiogroup", { name: "How long the old token keeps working" });
  // The options are one radio group: arrow keys move between them.
  await grace.getByRole("radio", { name: "1 hour" }).focus();
  // Held briefly, as a person would: Radix checks the item focused while the key is down.
  await page.keyboard.press("ArrowDown", { delay: 50 });
  await expect(grace.getByRole("radio", { name: "24 hours" })).toBeChecked();
  await dialog.getByLabel("Expire the old token as soon as the new one is used").check();
  await screenshots(page, "rotation-dialog", false);
  await dialog.getByRole("button", { name: "Rotate token" }).click();

  const newToken = await takeRevealedToken(page, "rotation-reveal");
  expect(newToken).not.toBe(oldToken);

  // The old token's page: rotated, still working for now, linked to its successor.
  const notice = page.getByTestId("rotation-notice");
  await expect(notice).toContainText("Rotated: this token still works for now");
  await expect(page.getByText("Rotated", { exact: true }).first()).toBeVisible();
  await expect(page.getByRole("button", { name: "Rotate", exact: true })).toHaveAttribute(
    "aria-disabled",
    "true",
  );

  // During the grace period the old token works; the new one's first request ends it.
  expect((await call(oldToken)).status()).toBe(200);
  expect((await call(newToken)).status()).toBe(200);
  const refused = await call(oldToken);
  expect(refused.status()).toBe(401);
  expect((await refused.json()).error.code).toBe("unauthorized");
  expect((await call(newToken)).status()).toBe(200);

  // The page now says it stopped, lists the address that used it after the rotation and
  // marks its requests (the log is written off the response path: reload until all are in).
  await expect(async () => {
    await page.reload();
    await expect(page.getByTestId("rotation-notice")).toContainText("It stopped working on");
    await expect(page.getByRole("heading", { name: "Still in use after rotation" })).toBeVisible();
    await expect(page.getByTestId("post-rotation-ip")).toHaveCount(1);
    await expect(page.getByTestId("token-activity-row").first()).toContainText("After rotation", {
      timeout: 2_000,
    });
  }).toPass({ timeout: 20_000 });
  await screenshots(page, "rotation-old-token");

  // The successor links back to the token it replaced.
  await notice.getByRole("link", { name: new RegExp(`…${newToken.slice(-4)}`) }).click();
  await expect(page.getByText(`ms_…${newToken.slice(-4)}`)).toBeVisible();
  await expect(page.getByText("This token replaced")).toBeVisible();
  await screenshots(page, "rotation-successor");
  await page.getByRole("link", { name: new RegExp(`…${oldToken.slice(-4)}`) }).click();
  await expect(page).toHaveURL(oldUrl);
});

test("a rotation under the token policy reveals the successor with its shortened expiry", async ({
  page,
}) => {
  // A fresh organization on Pro, so the policy set below touches no other spec.
  const password = `Rotation policy ${randomUUID()}`;
  const email = await signUp(page, "rotation-policy", password);
  await sql(
    `UPDATE organizations SET plan = 'PRO'
      WHERE id = (SELECT m.organization_id FROM memberships m JOIN users u ON u.id = m.user_id
                   WHERE u.email = $1)`,
    [email],
  );
  await page.context().clearCookies();
  await signInAs(page, email, password);
  const name = uniqueTokenName("rotation policy");
  // Made before the policy, it never expires.
  const { id } = await createTokenInDashboard(page, name);
  await sql(
    `UPDATE organizations SET max_token_lifetime_days = 30 WHERE id = (
    SELECT organization_id FROM api_tokens WHERE id = $1)`,
    [id],
  );

  await page.goto(`/settings/api-tokens/${id}`);
  await page.getByRole("button", { name: "Rotate", exact: true }).click();
  const dialog = page.getByRole("dialog", { name: `Rotate “${name}”?` });
  await dialog.getByRole("button", { name: "Rotate token" }).click();

  const reveal = page.getByRole("dialog", { name: "Copy your new API token" });
  await expect(reveal.getByText("Expiry shortened by your token policy")).toBeVisible();
  await expect(reveal).toContainText(
    `at most 30 days, so the new token expires on ${latestAllowedExpirationDate(30)} (00:00 UTC) instead of never.`,
  );
});
