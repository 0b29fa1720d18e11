import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { screenshots, signIn, sql } from "./helpers";
import { addTokens, createAccount } from "./support/accounts";

// The whole invitation as two people live it: an owner invites a colleague from Settings →
// Members and copies the link; the colleague opens it in a browser of their own, creates
// an account, lands in the organization as a Member and finds its token pages read-only.
// The owner then sees them in the members list and the audit log.

test("an owner invites a member, who joins in a fresh browser and sees read-only token pages", async ({
  page,
  browser,
}) => {
  const owner = await createAccount("PRO", "team");
  const [token] = await addTokens(owner, 2, "Deploy pipeline");
  const [organization] = await sql<{ name: string }>(
    "SELECT name FROM organizations WHERE id = $1",
    [owner.organizationId],
  );
  const organizationName = organization!.name;
  const inviteeEmail = `e2e-colleague-${randomUUID().slice(0, 8)}@example.test`;

  await signIn(page, owner.email);
  await page
    .getByRole("navigation", { name: "Settings" })
    .getByRole("link", { name: "Members" })
    .click();
  await expect(page.getByRole("heading", { level: 1, name: "Members" })).toBeVisible();
  await page.getByRole("button", { name: "Invite member" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Email address").fill(inviteeEmail);
  await dialog.getByRole("radio", { name: /^Member/ }).check();
  await dialog.getByRole("button", { name: "Create invitation" }).click();
  const link = dialog.getByLabel("Invitation link");
  await expect(link).toHaveValue(/\/invite\/[A-Za-z0-9_-]{43}$/);
  // On the server's configured public URL (NEXTAUTH_URL), which the suite sets to its own.
  expect((await link.inputValue()).startsWith(`${test.info().project.use.baseURL}/invite/`)).toBe(
    true,
  );
  await expect(dialog).toContainText("Valid until");
  const inviteUrl = await link.inputValue();
  await screenshots(page, "invite-member-link");
  await dialog.getByRole("button", { name: "Done" }).click();
  // The link went by email and was not copied: the dialog asks before it goes for good.
  await page.getByRole("button", { name: "Close without copying" }).click();

  // Listed as pending until accepted.
  const pending = page.getByRole("region", { name: "Pending invitations" });
  await expect(pending).toContainText(inviteeEmail);

  // The colleague, in a browser that has never seen MailShield.
  const fresh = await browser.newContext({ baseURL: test.info().project.use.baseURL });
  const colleague = await fresh.newPage();
  await colleague.goto(new URL(inviteUrl).pathname);
  await expect(
    colleague.getByRole("heading", {
      level: 1,
      name: `Ada Lovelace invited you to join ${organizationName} as a Member`,
    }),
  ).toBeVisible();
  await colleague.getByRole("link", { name: "Create an account" }).click();
  await expect(colleague.getByLabel("Email")).toHaveValue(inviteeEmail);
  await colleague.getByLabel("Your name").fill("Grace Hopper");
  await colleague.getByLabel("Password").fill("a long enough passphrase for grace");
  await colleague.getByRole("button", { name: "Create account" }).click();
  await expect(colleague).toHaveURL(/\/settings\/api-tokens$/, { timeout: 30_000 });
  await expect(colleague.getByTestId("organization-name")).toHaveText(organizationName);

  // Read-only: the tokens are listed, nothing offers to change them.
  await expect(colleague.getByText("You can view this organization's tokens.")).toBeVisible();
  await expect(colleague.getByRole("link", { name: token!.name })).toBeVisible();
  await expect(colleague.getByRole("button", { name: /Create token/ })).toHaveCount(0);
  await expect(colleague.getByRole("checkbox")).toHaveCount(0);
  await colleague.getByRole("link", { name: token!.name }).click();
  await expect(colleague.getByRole("heading", { level: 1, name: token!.name })).toBeVisible();
  await expect(
    colleague.getByText("Only owners and admins can edit or revoke tokens."),
  ).toBeVisible();
  for (const action of ["Save changes", "Revoke"]) {
    await expect(colleague.getByRole("button", { name: action, exact: true })).toHaveCount(0);
  }
  // Rotation stays in sight, disabled, with the reason next to it.
  await expect(colleague.getByRole("button", { name: "Rotate", exact: true })).toBeDisabled();
  await expect(colleague.getByText("Only owners and admins can rotate tokens.")).toBeVisible();
  await expect(colleague.getByLabel("Name", { exact: true })).toHaveCount(0);
  await screenshots(colleague, "invite-member-read-only-token");
  await fresh.close();

  // The owner sees the new member, no pending invitation, and the audit trail.
  await page.reload();
  const member = page
    .getByRole("table", { name: "Members" })
    .locator(`tr[data-member="${inviteeEmail}"]`);
  await expect(member).toContainText("Member");
  await expect(pending).not.toContainText(inviteeEmail);
  await page.goto("/settings/audit-log");
  for (const action of ["Member invited", "Member joined"]) {
    await expect(page.getByText(action, { exact: true }).filter({ visible: true })).toBeVisible();
  }
});

test("an owner whose organization has sent its 20 invitations today is told so in the dialog", async ({
  page,
}) => {
  const owner = await createAccount("PRO", "inviter");
  // Twenty invitations in the last hour, all revoked since: they count all the same.
  await sql(
    `INSERT INTO invitations (id, organization_id, email, role, code_hash, invited_by_id,
       created_at, expires_at, revoked_at)
     SELECT gen_random_uuid(), $1, 'e2e-limit-' || n || '-' || $3 || '@example.test', 'MEMBER'::"Role",
       md5($3 || n) || md5(n || $3), $2, now() - interval '1 hour', now() + interval '6 days',
       now() - interval '1 hour'
       FROM generate_series(1, 20) AS n`,
    [owner.organizationId, owner.userId, randomUUID().slice(0, 8)],
  );

  await signIn(page, owner.email);
  await page.goto("/settings/members");
  await page.getByRole("button", { name: "Invite member" }).click();
  const dialog = page.getByRole("dialog");
  await dialog
    .getByLabel("Email address")
    .fill(`e2e-one-more-${randomUUID().slice(0, 8)}@example.test`);
  await dialog.getByRole("button", { name: "Create invitation" }).click();
  await expect(dialog).toContainText(
    "This organization has sent the most invitations allowed in 24 hours (20). You can invite again in 23 hours.",
  );
  await expect(dialog.getByLabel("Invitation link")).toHaveCount(0);
});
