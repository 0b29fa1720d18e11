import { randomUUID } from "node:crypto";
import { expect, type Page, test } from "@playwright/test";
import { addDaysToDateInput } from "../components/tokens/format";
import { latestAllowedExpirationDate } from "../lib/auth/token-lifetime-policy";
import {
  createTokenInDashboard,
  signIn as signInAs,
  signUp,
  sql,
  uniqueTokenName,
} from "./helpers";
import { expectAccessible } from "./support/axe";
import { expectNoSidewaysScroll } from "./support/layout";

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
  await reveal.getByRole("button", { name: "Copy", exact: true }).click();
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

test("a rotation under the token policy proposes the policy's latest date and refuses a later one", async ({
  page,
}) => {
  // Scans and screenshots at four widths, several states.
  test.setTimeout(240_000);
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
  // Never is beyond the policy: the dialog proposes its latest date instead.
  const latest = latestAllowedExpirationDate(30);
  const date = dialog.getByLabel("New token's expiration date");
  await expect(date).toHaveValue(latest);
  await expect(date).toHaveAttribute("max", latest);
  await expect(dialog.getByRole("button", { name: "Never" })).toHaveCount(0);

  // A later date typed in is refused with the policy's words, and nothing is rotated.
  await date.fill(addDaysToDateInput(new Date(), 45));
  await dialog.getByRole("button", { name: "Rotate token" }).click();
  await expect(dialog.getByText(/allows tokens to last at most 30 days: choose/)).toBeVisible();
  await expect(date).toBeFocused();
  await everyWidth(page, "rotation-policy-refused");

  await date.fill(latest);
  await dialog.getByRole("button", { name: "Rotate token" }).click();
  await takeRevealedToken(page);
  const [successor] = await sql<{ expires_on: string }>(
    "SELECT to_char(expires_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS expires_on FROM api_tokens WHERE id = (SELECT successor_id FROM api_tokens WHERE id = $1)",
    [id],
  );
  expect(successor?.expires_on).toBe(latest);
});

test("rotating with a chosen expiry: the reveal says rotated and tests the new token, and the two tokens are told apart everywhere", async ({
  page,
}) => {
  // Scans and screenshots at four widths, several states.
  test.setTimeout(240_000);
  await signIn(page);
  const name = uniqueTokenName("rotation told apart");
  const { id: oldId, token: oldToken } = await createTokenInDashboard(page, name);
  const old4 = oldToken.slice(-4);

  await page.goto(`/settings/api-tokens/${oldId}`);
  await page.getByRole("button", { name: "Rotate", exact: true }).click();
  const dialog = page.getByRole("dialog", { name: `Rotate “${name}”?` });
  const date = dialog.getByLabel("New token's expiration date");
  // The old token never expired and there is no policy: the proposal is never.
  await expect(date).toHaveValue("");
  const chosen = addDaysToDateInput(new Date(), 45);
  await date.fill(chosen);
  await expect(dialog.getByText("Expires at midnight UTC on")).toBeVisible();
  await dialog.getByLabel("Expire the old token as soon as the new one is used").check();
  await everyWidth(page, "rotation-dialog-expiry");
  await dialog.getByRole("button", { name: "Rotate token" }).click();

  const reveal = page.getByRole("dialog", { name: "Copy your new API token" });
  await expect(reveal).toContainText(
    `“${name}” was rotated: this is your new token, replacing …${old4}.`,
  );
  await expect(reveal).toContainText(
    `The old token …${old4} keeps working until the new token is first used or until`,
  );
  await expect(reveal).not.toContainText("was created");
  const newToken = await reveal.getByLabel("API token").inputValue();
  const new4 = newToken.slice(-4);
  const curl = reveal.getByLabel("curl command");
  await expect(curl).toHaveValue(/\/api\/v1\/tokens\/self/);
  await expect(curl).toHaveValue(new RegExp(`-H "Authorization: Bearer ${newToken}"`));
  await reveal.getByRole("button", { name: "Test", exact: true }).click();
  await expect(reveal.getByTestId("token-test-result")).toContainText(`200 OK: “${name}” works.`);
  await everyWidth(page, "rotation-reveal-tested");

  // Closing without copying says what to do mid-rotation, not "revoke and create".
  await page.keyboard.press("Escape");
  const guard = page.getByRole("dialog", { name: "Close without copying the token?" });
  await expect(guard).toContainText(`rotate “${name}” again from its page`);
  await expect(guard).toContainText(`The old token …${old4} keeps working`);
  await expect(guard).not.toContainText("revoke");
  await everyWidth(page, "rotation-close-guard");
  await guard.getByRole("button", { name: "Go back to the token" }).click();
  await reveal.getByRole("button", { name: "Copy", exact: true }).click();
  await reveal.getByRole("button", { name: "Done" }).click();
  await expect(reveal).toBeHidden();

  // The test was no use of the new token: the old one still works, and its banner names
  // both ends of its grace period.
  const notice = page.getByTestId("rotation-notice");
  await expect(notice).toContainText("until the new token is first used or until");
  await expect(notice).toContainText("whichever comes first");

  const [stored] = await sql<{ expires_on: string }>(
    "SELECT to_char(expires_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS expires_on FROM api_tokens WHERE id = (SELECT successor_id FROM api_tokens WHERE id = $1)",
    [oldId],
  );
  expect(stored?.expires_on).toBe(chosen);

  // The list: two rows of one name, told apart by what each became.
  await page.goto("/settings/api-tokens");
  const rows = page.getByRole("row").filter({ has: page.getByRole("link", { name, exact: true }) });
  await expect(rows).toHaveCount(2);
  await expect(rows.filter({ hasText: `Rotated, replaced by …${new4}` })).toHaveCount(1);
  await expect(rows.filter({ hasText: `Replaces …${old4}` })).toHaveCount(1);
  await expect(
    page.getByRole("button", { name: `Actions for ${name} …${old4} (rotated)`, exact: true }),
  ).toBeVisible();
  await expect(
    page.getByRole("button", { name: `Actions for ${name} …${new4}`, exact: true }),
  ).toBeVisible();
  await page.getByRole("link", { name, exact: true }).first().scrollIntoViewIfNeeded();
  await page.screenshot({ path: "test-results/rotation-rows-told-apart-1280.png" });

  // The Access Logs token filter names each once.
  await page.goto("/settings/api-tokens/access-logs");
  await page.getByRole("combobox", { name: "Token" }).click();
  await expect(page.getByRole("option", { name: `${name} …${new4}`, exact: true })).toBeVisible();
  await expect(
    page.getByRole("option", { name: `${name} …${old4} (rotated)`, exact: true }),
  ).toBeVisible();
  await page.screenshot({ path: "test-results/rotation-access-log-filter-1280.png" });
});

/** axe, no sideways scroll and a screenshot at each width the issue names. */
async function everyWidth(page: Page, name: string) {
  for (const width of [1280, 1024, 800, 390]) {
    await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
    await expectAccessible(page, `${name} at ${width} px`);
    await expectNoSidewaysScroll(page, `${name} at ${width} px`);
    await page.screenshot({ path: `test-results/${name}-${width}.png` });
  }
  await page.setViewportSize({ width: 1280, height: 720 });
}
