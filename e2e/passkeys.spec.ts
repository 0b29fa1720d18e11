import { type CDPSession, expect, type Page, test } from "@playwright/test";
import { Secret, TOTP } from "otpauth";
import { startAppServer, stopProcess } from "../scripts/lib/processes.mjs";
import { DEMO_PASSWORD, sql } from "./helpers";
import { createAccount, signIn } from "./support/accounts";
import { expectAccessible } from "./support/axe";
import { expectNoSidewaysScroll } from "./support/layout";
import { checkAtEveryWidth } from "./support/screens";

// Passkeys as a person uses them, with Chromium's virtual authenticator (a platform
// authenticator with user verification, through the DevTools protocol): add one in
// Settings → Security, sign out, sign in with it and no password, remove it (after which
// it no longer signs in); as the second factor after the password, and to confirm it's
// you. Axe at a desktop and a phone width on each new screen.
//
// Browsers accept only a domain name as a passkey's RP ID, and the suite's server is on
// 127.0.0.1, so this spec starts its own server on a port of its own with the public URL on
// localhost (the RP ID is always the configured public URL's host).

// E2E_PORT + 1 is the test mailbox (e2e/support/mailbox-server.ts).
const PORT = Number(process.env.E2E_PORT ?? 3100) + 2;
const ORIGIN = `http://localhost:${PORT}`;

let server: Awaited<ReturnType<typeof startAppServer>> | undefined;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  server = await startAppServer({
    port: PORT,
    env: { NEXTAUTH_URL: ORIGIN, SIGN_IN_IP_FAILURE_LIMIT: "100000" },
  });
});

test.afterAll(async () => {
  if (server) await stopProcess(server.child);
});

test.use({ baseURL: ORIGIN, reducedMotion: "reduce" });

async function addVirtualAuthenticator(page: Page): Promise<{ cdp: CDPSession; id: string }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("WebAuthn.enable");
  const { authenticatorId } = await cdp.send("WebAuthn.addVirtualAuthenticator", {
    options: {
      protocol: "ctap2",
      transport: "internal",
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  return { cdp, id: authenticatorId };
}

async function addPasskey(page: Page, name: string) {
  await page.goto("/settings/security");
  await page.getByRole("button", { name: "Add a passkey" }).click();
  const dialog = page.getByRole("dialog", { name: "Add a passkey" });
  await dialog.getByLabel("Name").fill(name);
  await dialog.getByRole("button", { name: "Create passkey" }).click();
  await expect(dialog).toBeHidden();
}

async function check(page: Page, state: string) {
  await expectAccessible(page, state);
  await expectNoSidewaysScroll(page, state);
  // Kept with the run's results, to look at.
  await page.screenshot({ path: test.info().outputPath(`${state.replaceAll(" ", "-")}.png`) });
}

const VIEWPORTS = [
  { width: 1280, height: 800 },
  { width: 390, height: 844 },
] as const;

for (const viewport of VIEWPORTS) {
  test(`add a passkey, sign in with it alone, remove it (${viewport.width}px)`, async ({
    page,
  }) => {
    // A dozen axe scans and two sign-ins: slow on a busy machine.
    test.setTimeout(240_000);
    await page.setViewportSize(viewport);
    const account = await createAccount("PRO", "passkey");
    const authenticator = await addVirtualAuthenticator(page);

    await signIn(page, account.email);
    await page.goto("/settings/security");
    const section = page.getByRole("region", { name: "Passkeys" });
    await expect(section.getByText("You have no passkeys yet.")).toBeVisible();
    await check(page, "security settings without passkeys");

    await section.getByRole("button", { name: "Add a passkey" }).click();
    const dialog = page.getByRole("dialog", { name: "Add a passkey" });
    await dialog.getByRole("button", { name: "Create passkey" }).click();
    await expect(dialog.getByText("Name your passkey")).toBeVisible();
    await check(page, "add a passkey dialog with an error");
    await dialog.getByLabel("Name").fill("Work laptop");
    await dialog.getByRole("button", { name: "Create passkey" }).click();
    await expect(dialog).toBeHidden();

    const list = section.getByRole("list", { name: "Your passkeys" });
    const row = list.getByRole("listitem").filter({ hasText: "Work laptop" });
    await expect(row).toContainText("Added");
    await expect(row).toContainText("Never used");
    await check(page, "security settings with a passkey");
    // A discoverable credential, bound to the configured public URL's host.
    const { credentials } = await authenticator.cdp.send("WebAuthn.getCredentials", {
      authenticatorId: authenticator.id,
    });
    expect(credentials).toHaveLength(1);
    expect(credentials[0]).toMatchObject({ isResidentCredential: true, rpId: "localhost" });
    const events = await sql<{ action: string }>(
      `SELECT action FROM audit_events WHERE organization_id = $1 AND action = 'user.passkey_added'`,
      [account.organizationId],
    );
    expect(events).toHaveLength(1);

    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/login$/);
    await check(page, "sign-in with the passkey button");
    await page.getByRole("button", { name: "Sign in with a passkey" }).click();
    await expect(page).toHaveURL(/\/settings\/api-tokens$/, { timeout: 30_000 });

    await page.goto("/settings/security");
    await expect(row).toContainText("Last used");
    await row.getByRole("button", { name: "Remove passkey Work laptop" }).click();
    const confirm = page.getByRole("alertdialog", { name: "Remove the passkey “Work laptop”?" });
    await check(page, "remove passkey confirmation");
    await confirm.getByRole("button", { name: "Remove passkey" }).click();
    await expect(confirm).toBeHidden();
    await expect(section.getByText("You have no passkeys yet.")).toBeVisible();

    // The authenticator still holds it, but MailShield no longer accepts it.
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/login$/);
    await page.getByRole("button", { name: "Sign in with a passkey" }).click();
    await expect(
      page.getByRole("alert").filter({ hasText: "That passkey was not accepted" }),
    ).toBeVisible();
    await check(page, "sign-in with a refused passkey");
    await expect(page).toHaveURL(/\/login$/);
  });
}

test("a passkey as the second factor after the password, and to confirm it's you", async ({
  page,
}) => {
  test.setTimeout(300_000);
  await page.setViewportSize({ width: 1280, height: 900 });
  const account = await createAccount("PRO", "passkey-2fa");
  await addVirtualAuthenticator(page);
  await signIn(page, account.email);
  await addPasskey(page, "Work laptop");
  // The passkey turned two-factor on: Settings says so.
  const twoFactor = page.getByRole("region", { name: "Two-factor authentication" });
  await expect(twoFactor).toContainText("With your passkeys");
  await expect(twoFactor.getByRole("button", { name: "Generate recovery codes" })).toBeVisible();
  await checkAtEveryWidth(page, "security settings with a passkey as second factor");

  // The right password alone starts no session: the second step offers the passkey.
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login$/);
  await page.getByLabel("Email").fill(account.email);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Two-factor authentication" })).toBeVisible({
    timeout: 30_000,
  });
  const cookies = await page.context().cookies();
  expect(cookies.some((cookie) => cookie.name.includes("next-auth.session-token"))).toBe(false);
  await expect(page.getByRole("button", { name: "Use a recovery code" })).toBeVisible();
  await checkAtEveryWidth(page, "two-factor step with a passkey");
  await page.getByRole("button", { name: "Use a passkey" }).click();
  await expect(page).toHaveURL(/\/settings\/api-tokens$/, { timeout: 30_000 });
  const signIns = await sql<{ metadata: { secondFactor?: string } }>(
    `SELECT metadata FROM audit_events WHERE organization_id = $1 AND action = 'user.signed_in'`,
    [account.organizationId],
  );
  expect(signIns.map((event) => event.metadata.secondFactor)).toContain("passkey");

  // An hour later (sudo mode lapsed), a Full access token asks Confirm it's you: a passkey.
  await sql(
    `UPDATE user_sessions SET confirmed_at = confirmed_at - interval '1 hour' WHERE user_id = $1`,
    [account.userId],
  );
  await page.getByRole("button", { name: "Create Token", exact: true }).click();
  const create = page.getByRole("dialog", { name: "Create API token" });
  await create.getByLabel("Name").fill(`E2E passkey sudo ${account.userId.slice(0, 8)}`);
  await create
    .getByRole("radiogroup", { name: "Permissions" })
    .getByRole("radio", { name: "Full access" })
    .click();
  await create.getByRole("button", { name: "Create", exact: true }).click();
  const confirm = page.getByRole("dialog", { name: "Confirm it's you" });
  await expect(confirm.getByLabel("Password")).toBeFocused();
  await confirm.getByRole("button", { name: "Use a passkey" }).click();
  await expect(confirm.getByLabel("Password")).toBeHidden();
  await checkAtEveryWidth(page, "confirm it's you with a passkey");
  await confirm.getByRole("button", { name: "Use a passkey" }).click();
  // The pending create went on by itself.
  const reveal = page.getByRole("dialog", { name: "Copy your new API token" });
  await expect(reveal).toBeVisible({ timeout: 30_000 });
  await expect(confirm).toBeHidden();
  await reveal.getByRole("button", { name: "Done" }).click();
  await page.getByRole("button", { name: "Close without copying" }).click();

  // With an authenticator app as well, the step asks for its code and offers the passkey
  // beside the recovery code.
  await page.goto("/settings/security");
  await page.getByRole("button", { name: "Set up authenticator app" }).click();
  const setupKey = (await page.getByTestId("setup-key").textContent()) ?? "";
  const totp = new TOTP({ secret: Secret.fromBase32(setupKey.replace(/\s/g, "")) });
  await page.getByLabel("Authentication code").fill(totp.generate());
  await page.getByRole("button", { name: "Turn on" }).click();
  await page.getByRole("button", { name: "I have saved them" }).click();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login$/);
  await page.getByLabel("Email").fill(account.email);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByLabel("Authentication code")).toBeFocused({ timeout: 30_000 });
  await expect(page.getByRole("button", { name: "Use a recovery code" })).toBeVisible();
  await checkAtEveryWidth(page, "two-factor step with a code and a passkey");
  await page.getByRole("button", { name: "Use a passkey" }).click();
  await expect(page).toHaveURL(/\/settings\/api-tokens$/, { timeout: 30_000 });
});
