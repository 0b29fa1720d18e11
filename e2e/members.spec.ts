import { expect, type Page, test } from "@playwright/test";
import { forbiddenMessage } from "../lib/permissions";
import { sql } from "./helpers";
import { addPerson, addTokens, createAccount, type Person, signIn } from "./support/accounts";
import { expectAccessible, OPEN_SELECT_EXCEPTIONS } from "./support/axe";
import { expectNoSidewaysScroll } from "./support/layout";

// Settings → Members: an owner changes a member's role and removes a member who created
// tokens, revoking them; the only owner's own controls are disabled with the reason shown;
// a member sees the same table read-only. At a desktop width and at a phone's.

const LAST_OWNER_REASON = "The only owner can't be demoted or removed";

/** An owner (Ada, signed in), an admin who created three tokens (Bob) and a member (Grace). */
async function team() {
  const account = await createAccount("PRO", "members");
  const bob = await addPerson(account, { role: "ADMIN", label: "bob", name: "Bob Builder" });
  const grace = await addPerson(account, { role: "MEMBER", label: "grace", name: "Grace Hopper" });
  await addTokens({ ...account, userId: bob.userId }, 3, "Bob token");
  return { account, bob, grace };
}

const memberRow = (page: Page, person: { email: string }) =>
  page.getByRole("table", { name: "Members" }).locator(`tr[data-member="${person.email}"]`);

const roleOf = async (organizationId: string, person: Person) =>
  (
    await sql<{ role: string }>(
      "SELECT role FROM memberships WHERE organization_id = $1 AND user_id = $2",
      [organizationId, person.userId],
    )
  )[0]?.role ?? null;

async function openMembers(page: Page) {
  await page
    .getByRole("navigation", { name: "Settings" })
    .getByRole("link", { name: "Members" })
    .click();
  await expect(page).toHaveURL(/\/settings\/members$/);
  await expect(page.getByRole("heading", { name: "Members", level: 1 })).toBeVisible();
}

for (const width of [1280, 390]) {
  test.describe(`members at ${width}px`, () => {
    test.use({ viewport: { width, height: 900 } });

    test("an owner changes a role and removes a member, revoking their tokens", async ({
      page,
    }) => {
      const { account, bob, grace } = await team();
      await signIn(page, account.email);
      await openMembers(page);

      // The owner's own row: marked "You", and the only owner can be neither demoted nor removed.
      const own = memberRow(page, account);
      await expect(own.getByText("You", { exact: true })).toBeVisible();
      await expect(own.getByRole("combobox", { name: "Role of Ada Lovelace" })).toBeDisabled();
      await expect(own.getByRole("button", { name: "Leave the organization" })).toBeDisabled();
      await expect(own.getByText(LAST_OWNER_REASON)).toBeVisible();
      await expect(memberRow(page, bob).getByRole("cell").nth(3)).toHaveText("3");
      await expectNoSidewaysScroll(page, "members page as an owner");
      await expectAccessible(page, `members page as an owner at ${width}px`);

      // Grace becomes an admin; the change is announced and saved.
      await memberRow(page, grace).getByRole("combobox", { name: "Role of Grace Hopper" }).click();
      await expectAccessible(
        page,
        `members role select open at ${width}px`,
        OPEN_SELECT_EXCEPTIONS,
      );
      await page.getByRole("option", { name: "Admin" }).click();
      await expect(
        page.getByText(`${grace.email} is now an Admin.`, { exact: true }),
      ).toBeVisible();
      await expect.poll(() => roleOf(account.organizationId, grace)).toBe("ADMIN");
      const graceRole = memberRow(page, grace).getByRole("combobox", {
        name: "Role of Grace Hopper",
      });
      await expect(graceRole).toHaveText("Admin");
      // The refreshed page keeps the keyboard where it was.
      await expect(graceRole).toBeFocused();

      // Removing Grace, who created no tokens, asks nothing about tokens.
      await memberRow(page, grace).getByRole("button", { name: "Remove Grace Hopper" }).click();
      const graceDialog = page.getByRole("alertdialog", { name: /Remove Grace Hopper/ });
      await expect(graceDialog).toContainText("Grace Hopper created no working tokens");
      await expect(graceDialog.getByRole("radio")).toHaveCount(0);
      await graceDialog.getByRole("button", { name: "Cancel" }).click();
      await expect(graceDialog).toBeHidden();

      // Removing Bob asks about his three tokens; he goes and they are revoked.
      await memberRow(page, bob).getByRole("button", { name: "Remove Bob Builder" }).click();
      const dialog = page.getByRole("alertdialog", { name: /Remove Bob Builder/ });
      await expect(dialog).toContainText("Bob Builder created 3 working tokens. Revoke them too?");
      await dialog.getByRole("button", { name: "Remove member" }).click();
      await expect(dialog).toContainText("Choose whether to revoke their tokens");
      await expectAccessible(page, `remove member dialog at ${width}px`);
      await dialog.getByRole("radio", { name: "Revoke the 3 tokens" }).check();
      await dialog.getByRole("button", { name: "Remove member" }).click();
      await expect(dialog).toBeHidden();
      const removed = new RegExp(
        `^${bob.email.replaceAll(".", "\\.")} was removed from .+\\. 3 tokens revoked\\.$`,
      );
      await expect(page.getByText(removed)).toBeVisible();
      await expect(memberRow(page, bob)).toHaveCount(0);
      expect(await roleOf(account.organizationId, bob)).toBeNull();

      await page.goto("/settings/api-tokens?status=revoked");
      for (const index of [1, 2, 3]) {
        await expect(
          page
            .getByRole("link", { name: `Bob token ${index}`, exact: true })
            .filter({ visible: true }),
        ).toBeVisible();
      }
      const working = await sql<{ count: string }>(
        "SELECT count(*) FROM api_tokens WHERE organization_id = $1 AND revoked_at IS NULL",
        [account.organizationId],
      );
      expect(working[0]?.count).toBe("0");
    });

    test("a member sees the members read-only", async ({ page }) => {
      const { account, grace } = await team();
      await signIn(page, grace.email);
      await openMembers(page);

      await expect(page.getByText(forbiddenMessage("members:manage"))).toBeVisible();
      const table = page.getByRole("table", { name: "Members" });
      await expect(table.getByRole("combobox")).toHaveCount(0);
      await expect(table.getByRole("button")).toHaveCount(0);
      await expect(memberRow(page, account)).toContainText("Owner");
      await expect(memberRow(page, grace).getByText("You", { exact: true })).toBeVisible();
      await expect(page.getByRole("heading", { name: "Roles" })).toBeVisible();
      await expectNoSidewaysScroll(page, "members page as a member");
      await expectAccessible(page, `members page as a member at ${width}px`);
    });
  });
}

const auditCount = async (organizationId: string, action: string) =>
  Number(
    (
      await sql<{ count: string }>(
        "SELECT count(*) FROM audit_events WHERE organization_id = $1 AND action = $2",
        [organizationId, action],
      )
    )[0]?.count ?? 0,
  );

for (const width of [1280, 390]) {
  test.describe(`role changes at ${width}px`, () => {
    test.use({ viewport: { width, height: 900 } });

    test("a promotion applies with Undo; demoting an owner is confirmed first", async ({
      page,
    }) => {
      const { account, grace } = await team();
      const carol = await addPerson(account, { role: "OWNER", label: "carol", name: "Carol Shaw" });
      await signIn(page, account.email);
      await openMembers(page);

      // Grace becomes an admin at once; Undo puts her back, through the same audited action.
      await memberRow(page, grace).getByRole("combobox", { name: "Role of Grace Hopper" }).click();
      await page.getByRole("option", { name: "Admin" }).click();
      await expect.poll(() => roleOf(account.organizationId, grace)).toBe("ADMIN");
      const toastUndo = page.getByRole("button", { name: "Undo" });
      await expect(toastUndo).toBeVisible();
      await expectAccessible(page, `role changed with undo at ${width}px`);
      await page.screenshot({ path: `test-results/role-undo-toast-${width}.png` });
      await expectNoSidewaysScroll(page, `role changed with undo at ${width}px`);
      await toastUndo.click();
      await expect.poll(() => roleOf(account.organizationId, grace)).toBe("MEMBER");
      await expect(page.getByText("Role change undone", { exact: true })).toBeVisible();
      await expect(
        memberRow(page, grace).getByRole("combobox", { name: "Role of Grace Hopper" }),
      ).toHaveText("Member");
      expect(await auditCount(account.organizationId, "member.role_changed")).toBe(2);
      for (const probe of [1024, 800]) {
        await page.setViewportSize({ width: probe, height: 900 });
        await expectNoSidewaysScroll(page, `members at ${probe}px`);
        await expectAccessible(page, `members at ${probe}px`);
      }
      await page.setViewportSize({ width, height: 900 });

      // Demoting Carol, an owner, asks first; Cancel changes nothing.
      const carolRole = memberRow(page, carol).getByRole("combobox", {
        name: "Role of Carol Shaw",
      });
      await carolRole.click();
      await page.getByRole("option", { name: "Member" }).click();
      const confirm = page.getByRole("alertdialog", { name: "Make Carol Shaw a Member?" });
      await expect(confirm).toContainText("Carol Shaw will no longer be an owner.");
      await expectAccessible(page, `demote owner confirmation at ${width}px`);
      await page.screenshot({ path: `test-results/role-demote-confirm-${width}.png` });
      await confirm.getByRole("button", { name: "Cancel" }).click();
      await expect(confirm).toBeHidden();
      await expect(carolRole).toHaveText("Owner");
      expect(await roleOf(account.organizationId, carol)).toBe("OWNER");

      await carolRole.click();
      await page.getByRole("option", { name: "Admin" }).click();
      await page
        .getByRole("alertdialog", { name: "Make Carol Shaw an Admin?" })
        .getByRole("button", { name: "Make Admin" })
        .click();
      await expect.poll(() => roleOf(account.organizationId, carol)).toBe("ADMIN");
      // A confirmed change offers no Undo: it was decided in the dialog.
      await expect(
        page.getByText(`${carol.email} is now an Admin.`, { exact: true }),
      ).toBeVisible();
      await expect(page.getByRole("button", { name: "Undo" })).toHaveCount(0);
    });

    test("changing your own role is confirmed, then the page turns read-only", async ({ page }) => {
      const { account } = await team();
      await addPerson(account, { role: "OWNER", label: "carol", name: "Carol Shaw" });
      await signIn(page, account.email);
      await openMembers(page);
      await memberRow(page, account)
        .getByRole("combobox", { name: "Role of Ada Lovelace" })
        .click();
      await page.getByRole("option", { name: "Admin" }).click();
      const confirm = page.getByRole("alertdialog", { name: "Change your own role to Admin?" });
      await expect(confirm).toContainText("You will no longer be an owner of this organization.");
      await expect(confirm.getByRole("button", { name: "Cancel" })).toBeFocused();
      await expectAccessible(page, `own role confirmation at ${width}px`);
      await page.screenshot({ path: `test-results/role-own-confirm-${width}.png` });
      await confirm.getByRole("button", { name: "Become an Admin" }).click();
      await expect.poll(() => roleOf(account.organizationId, account)).toBe("ADMIN");
      await expect(page.getByText(forbiddenMessage("members:manage"))).toBeVisible();
      await expect(page.getByRole("table", { name: "Members" }).getByRole("combobox")).toHaveCount(
        0,
      );
    });
  });
}

test("a role change after sudo mode lapsed asks Confirm it's you, then applies", async ({
  page,
}) => {
  const { account, grace } = await team();
  await signIn(page, account.email);
  await sql(
    `UPDATE user_sessions SET confirmed_at = confirmed_at - interval '1 hour' WHERE user_id = $1`,
    [account.userId],
  );
  await openMembers(page);
  await memberRow(page, grace).getByRole("combobox", { name: "Role of Grace Hopper" }).click();
  await page.getByRole("option", { name: "Admin" }).click();
  const sudo = page.getByRole("dialog", { name: "Confirm it's you" });
  await expect(sudo).toBeVisible();
  await sudo.getByLabel("Password").fill("mailshield-demo");
  await sudo.getByRole("button", { name: "Confirm" }).click();
  await expect.poll(() => roleOf(account.organizationId, grace)).toBe("ADMIN");
  await expect(page.getByRole("button", { name: "Undo" })).toBeVisible();
});
