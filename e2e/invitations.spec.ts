import { createHash, randomBytes, randomUUID } from "node:crypto";
import { expect, type Page, test } from "@playwright/test";
import { screenshots, signIn, sql } from "./helpers";
import { createAccount } from "./support/accounts";
import { expectAccessible } from "./support/axe";
import { expectNoSidewaysScroll } from "./support/layout";
import { linkPath, waitForEmail } from "./support/mailbox";

// The invite page (/invite/<code>) in each of its states, and signing up through an
// invitation. Invitations are written straight to the database with a known code (only its
// SHA-256 is stored, as the app does); the Members page's own flow is covered elsewhere.

type InvitationState = "valid" | "expired" | "revoked" | "accepted";

async function invitation(
  options: { state?: InvitationState; email?: string; role?: string } = {},
) {
  const owner = await createAccount("PRO", "inviter");
  const code = randomBytes(32).toString("base64url");
  const email = options.email ?? `e2e-invitee-${randomUUID().slice(0, 8)}@example.test`;
  const state = options.state ?? "valid";
  await sql(
    `INSERT INTO invitations (id, organization_id, email, role, code_hash, invited_by_id,
       expires_at, accepted_at, revoked_at)
     VALUES ($1, $2, $3, $4::"Role", $5, $6, now() + $7::interval,
       CASE WHEN $8 = 'accepted' THEN now() END, CASE WHEN $8 = 'revoked' THEN now() END)`,
    [
      randomUUID(),
      owner.organizationId,
      email,
      options.role ?? "ADMIN",
      createHash("sha256").update(code).digest("hex"),
      owner.userId,
      state === "expired" ? "-1 minute" : "7 days",
      state,
    ],
  );
  const [organization] = await sql<{ name: string }>(
    "SELECT name FROM organizations WHERE id = $1",
    [owner.organizationId],
  );
  return { owner, code, email, organizationName: organization?.name ?? "" };
}

async function expectState(page: Page, path: string, heading: string, state: string) {
  await page.goto(path);
  await expect(page.getByRole("heading", { level: 1, name: heading })).toBeVisible();
  await expectAccessible(page, state);
  await expectNoSidewaysScroll(page, state);
}

for (const width of [1280, 390]) {
  test.describe(`invite page at ${width} px`, () => {
    test.use({ viewport: { width, height: 800 } });

    test("says plainly when a link is unknown, expired, revoked or used", async ({ page }) => {
      await expectState(
        page,
        `/invite/${"x".repeat(43)}`,
        "This invitation link is not valid",
        "invite: unknown",
      );
      await expectState(
        page,
        "/invite/%3Cscript%3E",
        "This invitation link is not valid",
        "invite: malformed",
      );
      for (const [state, heading] of [
        ["expired", "This invitation has expired"],
        ["revoked", "This invitation was revoked"],
        ["accepted", "This invitation has already been used"],
      ] as const) {
        const { code } = await invitation({ state });
        await expectState(page, `/invite/${code}`, heading, `invite: ${state}`);
      }
    });

    test("a signed-out visitor is offered sign-in and sign-up", async ({ page }) => {
      const { code, organizationName } = await invitation({ role: "ADMIN" });
      await page.goto(`/invite/${code}`);
      await expect(
        page.getByRole("heading", {
          level: 1,
          name: `Ada Lovelace invited you to join ${organizationName} as an Admin`,
        }),
      ).toBeVisible();
      await expectAccessible(page, "invite: signed out");
      await expectNoSidewaysScroll(page, "invite: signed out");
      await expect(page.getByRole("link", { name: "Sign in to accept" })).toHaveAttribute(
        "href",
        `/login?callbackUrl=${encodeURIComponent(`/invite/${code}`)}`,
      );
    });
  });
}

test("signing up through an invitation joins the inviting organization", async ({ page }) => {
  const { code, email, organizationName } = await invitation({ role: "MEMBER" });
  await page.goto(`/invite/${code}`);
  await page.getByRole("link", { name: "Create an account" }).click();
  await expect(
    page.getByRole("heading", { name: `Create your account to join ${organizationName}` }),
  ).toBeVisible();
  const emailField = page.getByLabel("Email");
  await expect(emailField).toHaveValue(email);
  await expect(emailField).toHaveAttribute("readonly", "");
  await expect(page.getByLabel("Organization name")).toHaveCount(0);
  await expectAccessible(page, "sign-up through an invitation");

  await page.getByLabel("Your name").fill("Grace Hopper");
  await page.getByLabel("Password").fill("a long enough passphrase for grace");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/settings\/api-tokens$/, { timeout: 30_000 });
  await expect(page.getByText(organizationName).first()).toBeVisible();

  const memberships = await sql<{ name: string; role: string }>(
    `SELECT o.name, m.role::text AS role FROM memberships m
     JOIN organizations o ON o.id = m.organization_id
     JOIN users u ON u.id = m.user_id WHERE u.email = $1`,
    [email],
  );
  expect(memberships).toEqual([{ name: organizationName, role: "MEMBER" }]);

  // The link is used up.
  await page.goto(`/invite/${code}`);
  await expect(
    page.getByRole("heading", { name: "This invitation has already been used" }),
  ).toBeVisible();
});

test("a signed-in user joins with one button; another address is told whose it is", async ({
  page,
}) => {
  const invitee = await createAccount("FREE", "invitee");
  const { code, organizationName } = await invitation({ email: invitee.email, role: "ADMIN" });
  const other = await invitation();

  await signIn(page, invitee.email);
  await page.goto(`/invite/${other.code}`);
  await expect(page.getByText(`This invitation is for ${other.email}`)).toBeVisible();
  await expectAccessible(page, "invite: signed in as another address");
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(
    new RegExp(`/login\\?callbackUrl=${encodeURIComponent(`/invite/${other.code}`)}`),
  );

  await signIn(page, invitee.email);
  await page.goto(`/invite/${code}`);
  await expectAccessible(page, "invite: signed in as the invited address");
  await page.getByRole("button", { name: `Join ${organizationName}` }).click();
  await expect(page).toHaveURL(/\/settings\/api-tokens$/, { timeout: 30_000 });
  // Joined with the invited role, and the organization is this browser's current one.
  const [membership] = await sql<{ role: string }>(
    `SELECT m.role::text AS role FROM memberships m JOIN organizations o
     ON o.id = m.organization_id WHERE m.user_id = $1 AND o.name = $2`,
    [invitee.userId, organizationName],
  );
  expect(membership).toEqual({ role: "ADMIN" });
  const cookies = await page.context().cookies();
  const [joined] = await sql<{ id: string }>("SELECT id FROM organizations WHERE name = $1", [
    organizationName,
  ]);
  expect(cookies.find((cookie) => cookie.name === "ms_org")?.value).toBe(joined?.id);
});

const INVITATION_SUBJECT = "You are invited to join an organization on MailShield";

for (const width of [1280, 390]) {
  test.describe(`pending invitations at ${width}px`, () => {
    test.use({
      viewport: { width, height: 900 },
      permissions: ["clipboard-read", "clipboard-write"],
    });

    test("the link asks before closing uncopied; Copy link and Resend each make a new link, the old one dead", async ({
      page,
    }) => {
      const owner = await createAccount("PRO", "links");
      const email = `e2e-invitee-${randomUUID().slice(0, 8)}@example.test`;
      await signIn(page, owner.email);
      await page.goto("/settings/members");
      await page.getByRole("button", { name: "Invite member" }).click();
      const dialog = page.getByRole("dialog");
      await dialog.getByLabel("Email address").fill(email);
      await dialog.getByRole("button", { name: "Create invitation" }).click();
      const firstUrl = await dialog.getByLabel("Invitation link").inputValue();
      expect(firstUrl).toMatch(/\/invite\/[\w-]{43}$/);

      // Done before copying asks first, as the token reveal does; going back keeps the link.
      await dialog.getByRole("button", { name: "Done" }).click();
      await expect(
        dialog.getByRole("heading", { name: "Close without copying the link?" }),
      ).toBeVisible();
      await expectAccessible(page, `invitation link close guard at ${width}px`);
      if (width === 1280) {
        await screenshots(page, "invitation-close-guard");
        await page.setViewportSize({ width, height: 900 });
      }
      await dialog.getByRole("button", { name: "Go back to the link" }).click();
      await expect(dialog.getByLabel("Invitation link")).toHaveValue(firstUrl);
      // Escape asks too.
      await page.keyboard.press("Escape");
      await expect(
        dialog.getByRole("heading", { name: "Close without copying the link?" }),
      ).toBeVisible();
      await page.keyboard.press("Escape");
      await dialog.getByRole("button", { name: "Copy link" }).click();
      await dialog.getByRole("button", { name: "Done" }).click();
      await expect(dialog).toBeHidden();

      // The pending invitation: Copy link, Resend and Revoke.
      const pending = page.getByRole("region", { name: "Pending invitations" });
      const row = pending.getByRole("listitem").filter({ hasText: email });
      await expect(row.getByRole("button", { name: `Copy a new link for ${email}` })).toBeVisible();
      await expect(
        row.getByRole("button", { name: `Resend the invitation to ${email}` }),
      ).toBeVisible();
      await expect(
        row.getByRole("button", { name: `Revoke the invitation to ${email}` }),
      ).toBeVisible();
      for (const probe of [1280, 1024, 800, 390]) {
        await page.setViewportSize({ width: probe, height: 900 });
        await expectNoSidewaysScroll(page, `members with a pending invitation at ${probe}px`);
        await expectAccessible(page, `members with a pending invitation at ${probe}px`);
      }
      await page.setViewportSize({ width, height: 900 });
      if (width === 1280) {
        await screenshots(page, "pending-invitation-actions");
        await page.setViewportSize({ width, height: 900 });
      }

      // Copy link: says the old link stops working, then shows a new one once.
      await row.getByRole("button", { name: `Copy a new link for ${email}` }).click();
      const copy = page.getByRole("dialog", { name: `Make a new link for ${email}?` });
      await expect(copy).toContainText("the link sent before stops working");
      await expectAccessible(page, `copy link confirmation at ${width}px`);
      if (width === 1280) {
        await screenshots(page, "invitation-copy-link-confirm");
        await page.setViewportSize({ width, height: 900 });
      }
      await copy.getByRole("button", { name: "Make new link" }).click();
      const reissued = page.getByRole("dialog", { name: "New invitation link" });
      const secondUrl = await reissued.getByLabel("Invitation link").inputValue();
      expect(secondUrl).toMatch(/\/invite\/[\w-]{43}$/);
      expect(secondUrl).not.toBe(firstUrl);
      await expectAccessible(page, `new invitation link at ${width}px`);
      if (width === 1280) {
        await screenshots(page, "invitation-new-link");
        await page.setViewportSize({ width, height: 900 });
      }
      await expectNoSidewaysScroll(page, `new invitation link at ${width}px`);
      await page.keyboard.press("Escape");
      await expect(
        page.getByRole("dialog").getByRole("heading", { name: "Close without copying the link?" }),
      ).toBeVisible();
      await page.getByRole("button", { name: "Close without copying" }).click();
      await expect(page.getByRole("dialog")).toBeHidden();

      // Resend: emailed with a third link; the toast says so.
      await row.getByRole("button", { name: `Resend the invitation to ${email}` }).click();
      const resend = page.getByRole("dialog", { name: `Resend the invitation to ${email}?` });
      await expectAccessible(page, `resend confirmation at ${width}px`);
      await resend.getByRole("button", { name: "Resend invitation" }).click();
      await expect(resend).toBeHidden();
      await expect(
        page.getByText(`A new invitation link was emailed to ${email}.`, { exact: true }),
      ).toBeVisible();
      const resent = await waitForEmail(email, INVITATION_SUBJECT, 2);
      const baseURL = test.info().project.use.baseURL ?? "";
      const thirdPath = linkPath(resent, "/invite/", baseURL);
      expect([new URL(firstUrl).pathname, new URL(secondUrl).pathname]).not.toContain(thirdPath);

      // Only the newest link opens the invitation.
      for (const dead of [firstUrl, secondUrl]) {
        await page.goto(new URL(dead).pathname);
        await expect(
          page.getByRole("heading", { level: 1, name: "This invitation link is not valid" }),
        ).toBeVisible();
      }
      await page.goto(thirdPath);
      await expect(page.getByRole("heading", { level: 1 })).toContainText("invited you to join");

      // The audit log names each new link with its old and new expiry.
      await page.goto("/settings/audit-log");
      for (const action of ["Invitation link replaced", "Invitation resent"]) {
        const entry = page.getByRole("row").filter({ hasText: action });
        await expect(entry).toHaveCount(1);
        await expect(entry).toContainText(/Link expires: .+\s*→\s*to\s*.+/);
      }
    });
  });
}
