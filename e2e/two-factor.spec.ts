import { randomUUID } from "node:crypto";
import { expect, type Page, test } from "@playwright/test";
import { Secret, TOTP } from "otpauth";
import { DEMO_PASSWORD, sql, withDb } from "./helpers";
import { createAccount } from "./support/accounts";
import { expectAccessible } from "./support/axe";
import { expectNoSidewaysScroll } from "./support/layout";
import { checkAtEveryWidth } from "./support/screens";

// Two-factor authentication as a person uses it: the test is the authenticator app, computing
// codes from the setup key the page shows.

// Each sign-in verifies an argon2 hash: allow a loaded machine its time.
test.setTimeout(240_000);
const SIGN_IN = { timeout: 30_000 };

/** The code an authenticator app shows for the setup key, `stepsAhead` 30-second steps on. */
function codeFor(setupKey: string, stepsAhead = 0): string {
  const totp = new TOTP({ secret: Secret.fromBase32(setupKey.replace(/\s/g, "")) });
  return totp.generate({ timestamp: Date.now() + stepsAhead * 30_000 });
}

async function passwordStep(page: Page, email: string) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Two-factor authentication" })).toBeVisible(
    SIGN_IN,
  );
}

async function signOut(page: Page) {
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/, SIGN_IN);
}

test("turn on an authenticator app, sign in with a code, and with a recovery code once", async ({
  page,
}) => {
  const account = await createAccount("PRO", "totp");
  await page.goto("/login");
  await page.getByLabel("Email").fill(account.email);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(/\/settings\/api-tokens$/, SIGN_IN);

  await page.goto("/settings/security");
  await page.getByRole("button", { name: "Set up authenticator app" }).click();
  await expect(page.getByRole("img", { name: /QR code for your authenticator app/ })).toBeVisible();
  const setupKey = (await page.getByTestId("setup-key").textContent()) ?? "";
  expect(setupKey.replace(/\s/g, "")).toMatch(/^[A-Z2-7]{32}$/);
  await expectAccessible(page, "authenticator app setup at 1280px");

  // A wrong code is refused next to the field.
  await page.getByLabel("Authentication code").fill("000000");
  await page.getByRole("button", { name: "Turn on" }).click();
  await expect(page.getByText("That code is not right.")).toBeVisible();
  await page.getByLabel("Authentication code").fill(codeFor(setupKey));
  await page.getByRole("button", { name: "Turn on" }).click();

  const codesList = page.getByRole("list", { name: "Recovery codes" });
  await expect(codesList.getByRole("listitem")).toHaveCount(10);
  const recoveryCodes = await codesList.getByRole("listitem").allTextContents();
  await expect(page.getByRole("button", { name: "Copy" })).toBeVisible();
  const download = page.waitForEvent("download");
  await page.getByRole("button", { name: "Download" }).click();
  expect((await download).suggestedFilename()).toBe("mailshield-recovery-codes.txt");
  await expectAccessible(page, "recovery codes at 1280px");
  await page.getByRole("button", { name: "I have saved them" }).click();
  await expect(page.getByTestId("recovery-codes-left")).toHaveText(/10 codes left/);

  // The password alone starts no session: the second step asks for a code.
  await signOut(page);
  await passwordStep(page, account.email);
  const cookies = await page.context().cookies();
  expect(cookies.some((cookie) => cookie.name.includes("next-auth.session-token"))).toBe(false);
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await expectAccessible(page, `two-factor sign-in step at ${width}px`);
    await expectNoSidewaysScroll(page, "two-factor sign-in step");
  }
  await page.setViewportSize({ width: 1280, height: 900 });
  // The code that turned it on is spent; the app's next code is what it shows a moment later.
  await page.getByLabel("Authentication code").fill(codeFor(setupKey, 1));
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page).toHaveURL(/\/settings\/api-tokens$/, SIGN_IN);

  // A recovery code works once.
  const [first, second] = recoveryCodes;
  await signOut(page);
  await passwordStep(page, account.email);
  await page.getByRole("button", { name: "Use a recovery code" }).click();
  await page.getByLabel("Recovery code").fill(first ?? "");
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page).toHaveURL(/\/settings\/api-tokens$/, SIGN_IN);

  await signOut(page);
  await passwordStep(page, account.email);
  await page.getByRole("button", { name: "Use a recovery code" }).click();
  await page.getByLabel("Recovery code").fill(first ?? "");
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(
    page.getByText("That recovery code is not right, or it has been used."),
  ).toBeVisible();
  await page.getByLabel("Recovery code").fill(second ?? "");
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page).toHaveURL(/\/settings\/api-tokens$/, SIGN_IN);
  await page.goto("/settings/security");
  await expect(page.getByTestId("recovery-codes-left")).toHaveText(/8 codes left/);
});

test("an organization that requires two-factor sends a member to set it up", async ({
  page,
  browser,
}) => {
  const account = await createAccount("BUSINESS", "policy");
  const memberEmail = `e2e-policy-member-${randomUUID().slice(0, 8)}@example.test`;
  await withDb(async (client) => {
    const [{ id }] = (
      await client.query<{ id: string }>(
        `INSERT INTO users (id, email, name, password_hash, updated_at)
         SELECT gen_random_uuid(), $1, 'Grace Hopper', password_hash, now() FROM users
         WHERE email = 'pro@mailshield.test' RETURNING id`,
        [memberEmail],
      )
    ).rows as [{ id: string }];
    await client.query(
      `INSERT INTO memberships (id, organization_id, user_id, role) VALUES (gen_random_uuid(), $1, $2, 'MEMBER')`,
      [account.organizationId, id],
    );
  });

  // The owner turns the policy on from the Members page.
  await page.goto("/login");
  await page.getByLabel("Email").fill(account.email);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(/\/settings\/api-tokens$/, SIGN_IN);
  await page.goto("/settings/members");
  const policy = page.getByRole("region", { name: "Organization policy" });
  await expect(policy).toContainText("Require two-factor authentication");
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await expectAccessible(page, `members page with the two-factor policy at ${width}px`);
  }
  await page.setViewportSize({ width: 1280, height: 900 });
  await policy.getByRole("button", { name: "Require two-factor authentication" }).click();
  const confirm = page.getByRole("alertdialog", { name: "Require two-factor authentication?" });
  await expect(confirm).toContainText("2 members without two-factor authentication");
  await expectAccessible(page, "require two-factor dialog");
  await confirm.getByRole("button", { name: "Require" }).click();
  // The owner has no two-factor either: they are sent to set it up too.
  await expect(page).toHaveURL(/\/settings\/security$/, SIGN_IN);
  const events = await sql<{ n: string }>(
    `SELECT count(*) AS n FROM audit_events WHERE organization_id = $1 AND action = 'policy.changed'`,
    [account.organizationId],
  );
  expect(events[0]?.n).toBe("1");

  // The member signs in and lands on the setup, whatever page they ask for.
  const context = await browser.newContext();
  const member = await context.newPage();
  await member.goto("/login");
  await member.getByLabel("Email").fill(memberEmail);
  await member.getByLabel("Password").fill(DEMO_PASSWORD);
  await member.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(member).toHaveURL(/\/settings\/security$/, SIGN_IN);
  await expect(member.getByText(/requires two-factor authentication/).first()).toBeVisible();
  await member.goto("/settings/api-tokens");
  await expect(member).toHaveURL(/\/settings\/security$/, SIGN_IN);
  for (const width of [1280, 390]) {
    await member.setViewportSize({ width, height: 900 });
    await expectAccessible(member, `two-factor required page at ${width}px`);
    await expectNoSidewaysScroll(member, "two-factor required page");
  }
  await member.setViewportSize({ width: 1280, height: 900 });

  // Setting it up opens the organization again.
  await member.getByRole("button", { name: "Set up authenticator app" }).click();
  const setupKey = (await member.getByTestId("setup-key").textContent()) ?? "";
  await member.getByLabel("Authentication code").fill(codeFor(setupKey));
  await member.getByRole("button", { name: "Turn on" }).click();
  await member.getByRole("button", { name: "I have saved them" }).click();
  await member.goto("/settings/api-tokens");
  await expect(member).toHaveURL(/\/settings\/api-tokens$/, SIGN_IN);
  // They can still sign out.
  await signOut(member);
  await context.close();
});

test("Confirm it's you with a code from the authenticator app", async ({ page }) => {
  const account = await createAccount("PRO", "totp-sudo");
  await page.goto("/login");
  await page.getByLabel("Email").fill(account.email);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(/\/settings\/api-tokens$/, SIGN_IN);
  await page.goto("/settings/security");
  await page.getByRole("button", { name: "Set up authenticator app" }).click();
  const setupKey = (await page.getByTestId("setup-key").textContent()) ?? "";
  await page.getByLabel("Authentication code").fill(codeFor(setupKey));
  await page.getByRole("button", { name: "Turn on" }).click();
  await page.getByRole("button", { name: "I have saved them" }).click();
  await checkAtEveryWidth(page, "security settings with an authenticator app");

  // An hour later (sudo mode lapsed), a Full access token asks Confirm it's you.
  await sql(
    `UPDATE user_sessions SET confirmed_at = confirmed_at - interval '1 hour' WHERE user_id = $1`,
    [account.userId],
  );
  await page.goto("/settings/api-tokens");
  await page.getByRole("button", { name: "Create Token", exact: true }).click();
  const create = page.getByRole("dialog", { name: "Create API token" });
  await create.getByLabel("Name").fill(`E2E code sudo ${account.userId.slice(0, 8)}`);
  await create
    .getByRole("radiogroup", { name: "Permissions" })
    .getByRole("radio", { name: "Full access" })
    .click();
  await create.getByRole("button", { name: "Create", exact: true }).click();
  const confirm = page.getByRole("dialog", { name: "Confirm it's you" });
  await expect(confirm.getByLabel("Password")).toBeFocused();
  await checkAtEveryWidth(page, "confirm it's you with a password");
  await confirm.getByRole("button", { name: "Use an authentication code" }).click();
  await expect(confirm.getByLabel("Authentication code")).toBeFocused();

  await confirm.getByLabel("Authentication code").fill("000000");
  await confirm.getByRole("button", { name: "Confirm" }).click();
  await expect(confirm.getByText("That code is incorrect or has expired")).toBeVisible();
  await checkAtEveryWidth(page, "confirm it's you with a wrong code");
  // The code that turned the app on is spent; the app's next one is what it shows later.
  await confirm.getByLabel("Authentication code").fill(codeFor(setupKey, 1));
  await confirm.getByRole("button", { name: "Confirm" }).click();
  // The pending create went on by itself, with what was typed.
  await expect(page.getByRole("dialog", { name: "Copy your new API token" })).toBeVisible(SIGN_IN);
  await expect(confirm).toBeHidden();
});
