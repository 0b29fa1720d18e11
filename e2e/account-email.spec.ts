import { randomUUID } from "node:crypto";
import { type BrowserContext, expect, type Page, test } from "@playwright/test";
import { screenshots, signIn, sql } from "./helpers";
import { expectNoSessionFromNextAuth, sessionCookieHeader } from "./revoked-session";
import { createAccount } from "./support/accounts";
import { expectAccessible } from "./support/axe";
import { expectNoSidewaysScroll } from "./support/layout";
import { linkPath, waitForEmail } from "./support/mailbox";

// Forgot password and address verification as a person does them, with the emails received
// by a real SMTP server (e2e/support/mailbox-server.ts) and the links opened from them.

const NEW_PASSWORD = "a fresh passphrase after the reset";

// Each flow scans a dozen screen states with axe at two widths, across two browsers.
test.setTimeout(240_000);

/** Axe and the phone-width check at 1280 and 390 px, then back to the default size. */
async function checkBothWidths(page: Page, state: string) {
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
    await expectAccessible(page, `${state} (${width} px)`);
    await expectNoSidewaysScroll(page, `${state} (${width} px)`);
  }
  await page.setViewportSize({ width: 1280, height: 720 });
}

async function withOtherBrowser<T>(
  browser: import("@playwright/test").Browser,
  baseURL: string,
  work: (context: BrowserContext, page: Page) => Promise<T>,
): Promise<T> {
  const context = await browser.newContext({ baseURL });
  try {
    return await work(context, await context.newPage());
  } finally {
    await context.close();
  }
}

test("forgot password: email, new password, signed in here and signed out in the other browser", async ({
  page,
  browser,
  baseURL,
}) => {
  const account = await createAccount("PRO", "reset");
  const base = baseURL ?? "";
  await withOtherBrowser(browser, base, async (otherContext, otherPage) => {
    await signIn(otherPage, account.email);
    const otherCookie = await sessionCookieHeader(otherContext);

    await page.goto("/login");
    await page.getByRole("link", { name: "Forgot password?" }).click();
    await expect(page).toHaveURL(/\/forgot-password$/);
    await expect(
      page.getByRole("heading", { level: 1, name: "Reset your password" }),
    ).toBeVisible();
    await checkBothWidths(page, "forgot password");

    // An address without an account gets the very same answer.
    const answer = page.getByRole("status").filter({ hasText: "Check your email" });
    await page.getByLabel("Email").fill(`nobody-${randomUUID().slice(0, 8)}@example.test`);
    await page.getByRole("button", { name: "Send reset link" }).click();
    await expect(answer).toContainText("If an account uses that address");
    const sameAnswer = (await answer.textContent()) ?? "";
    await page.getByLabel("Email").fill(account.email.toUpperCase());
    await page.getByRole("button", { name: "Send reset link" }).click();
    await expect(answer).toHaveText(sameAnswer);
    await checkBothWidths(page, "forgot password, link sent");
    await screenshots(page, "forgot-password-sent");

    const email = await waitForEmail(account.email, "Reset your MailShield password");
    const resetPath = linkPath(email, "/reset-password/", base);
    await page.goto(resetPath);
    await expect(
      page.getByRole("heading", { level: 1, name: "Choose a new password" }),
    ).toBeVisible();
    await expect(page.getByText(account.email)).toBeVisible();
    await checkBothWidths(page, "reset password");
    await screenshots(page, "reset-password");

    // The sign-up rules apply to the new password.
    await page.getByLabel("New password").fill("password1234");
    await page.getByRole("button", { name: "Set new password" }).click();
    await expect(page.getByText("This password is too common")).toBeVisible();
    await page.getByLabel("New password").fill(NEW_PASSWORD);
    await page.getByRole("button", { name: "Set new password" }).click();
    await expect(page).toHaveURL(/\/settings\/api-tokens$/, { timeout: 30_000 });

    // The other browser was signed out: its cookie gets nothing anywhere.
    await expectNoSessionFromNextAuth(base, otherCookie);
    await otherPage.goto("/settings/billing");
    await expect(otherPage).toHaveURL(/\/login/);

    const changed = await waitForEmail(account.email, "Your MailShield password was changed");
    expect(changed.text).toContain("Every session that was signed in has been signed out.");

    // The link worked once.
    await page.goto(resetPath);
    await expect(
      page.getByRole("heading", { level: 1, name: "This link cannot be used" }),
    ).toBeVisible();
    await checkBothWidths(page, "reset link used");
  });
  // The new password is the one that signs in now.
  await page.context().clearCookies();
  await signIn(page, account.email, NEW_PASSWORD);
});

test("a new account verifies its address: banner, Resend, and the pages that wait for it", async ({
  page,
  baseURL,
}) => {
  const base = baseURL ?? "";
  const suffix = randomUUID().slice(0, 8);
  const email = `e2e-verify-${suffix}@example.test`;
  await page.goto("/signup");
  await page.getByLabel("Your name").fill("Katherine Johnson");
  await page.getByLabel("Organization name").fill(`Trajectories ${suffix}`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("orbital mechanics by hand");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/settings\/api-tokens$/, { timeout: 30_000 });
  await waitForEmail(email, "Verify your email address for MailShield");

  // A plan with API access, so that only the address stands between the owner and a token.
  await sql(
    `UPDATE organizations SET plan = 'PRO' WHERE id =
       (SELECT organization_id FROM memberships m JOIN users u ON u.id = m.user_id WHERE u.email = $1)`,
    [email],
  );
  await page.reload();
  const banner = page.getByRole("region", { name: "Verify your email address" });
  await expect(banner).toContainText(email);
  await expect(page.getByRole("button", { name: "Create Token", exact: true })).toHaveCount(0);
  await expect(page.getByText("Verify your email address to create API tokens")).toBeVisible();
  await checkBothWidths(page, "tokens page, address not verified");
  await screenshots(page, "unverified-tokens");

  await page
    .getByRole("navigation", { name: "Settings" })
    .getByRole("link", { name: "Members" })
    .click();
  await expect(page.getByRole("heading", { level: 1, name: "Members" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Invite member" })).toHaveCount(0);
  await expect(page.getByText("Verify your email address to invite members")).toBeVisible();
  await checkBothWidths(page, "members page, address not verified");

  await banner.getByRole("button", { name: "Resend" }).click();
  await expect(banner.getByRole("status")).toHaveText(
    `We sent a new link to ${email}. It works for 24 hours.`,
  );
  const resent = await waitForEmail(email, "Verify your email address for MailShield", 2);

  await page.goto(linkPath(resent, "/verify-email/", base));
  await expect(
    page.getByRole("heading", { level: 1, name: "Email address verified" }),
  ).toBeVisible();
  await checkBothWidths(page, "email verified");
  await screenshots(page, "email-verified");
  await page.getByRole("link", { name: "Go to MailShield" }).click();
  await expect(page).toHaveURL(/\/settings\/api-tokens$/);
  await expect(page.getByRole("region", { name: "Verify your email address" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Create Token", exact: true })).toBeVisible();
});
