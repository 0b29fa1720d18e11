import { expect, test } from "@playwright/test";
import { createTokenInDashboard, screenshots, signUp, sql, uniqueTokenName } from "./helpers";
import { expectAccessible } from "./support/axe";

// A token reported exposed (POST /api/v1/secret-scanning/revoke, docs/api.md) puts an
// unread notification in its owner's header; the list opens from the keyboard, marking it
// read takes the count away. A fresh account per run keeps the count its own.

test.use({ permissions: ["clipboard-read", "clipboard-write"] });

test("an exposure report shows as an unread notification until marked read", async ({
  page,
  request,
}) => {
  const email = await signUp(page, "notifications", "correct horse battery staple");
  // Sign-up starts on the Free plan, which creates no tokens.
  await sql(
    `UPDATE organizations SET plan = 'PRO' WHERE id IN
       (SELECT m.organization_id FROM memberships m JOIN users u ON u.id = m.user_id WHERE u.email = $1)`,
    [email],
  );
  const bell = page.getByRole("button", { name: /^Notifications/ });
  await expect(bell).toHaveAccessibleName("Notifications");
  const name = uniqueTokenName("leaked");
  const { token } = await createTokenInDashboard(page, name);

  const report = await request.post("/api/v1/secret-scanning/revoke", {
    data: [{ token, type: "mailshield_token", url: "https://gist.github.com/x", source: "gist" }],
  });
  expect(report.status()).toBe(200);

  await page.reload();
  await expect(bell).toHaveAccessibleName("Notifications, 1 unread");
  await expect(page.getByTestId("notifications-unread")).toHaveText("1");

  await bell.focus();
  await page.keyboard.press("Enter");
  const list = page.getByRole("dialog", { name: "Notifications" });
  const title = `API token “${name} …${token.slice(-4)}” was found exposed in public and revoked`;
  await expect(list.getByRole("link", { name: `Unread: ${title}` })).toBeVisible();
  await expectAccessible(page, "notifications open");
  await page.setViewportSize({ width: 390, height: 844 });
  await expectAccessible(page, "notifications open at 390 px");
  await screenshots(page, "notifications-open");

  await list.getByRole("button", { name: "Mark read" }).click();
  await expect(bell).toHaveAccessibleName("Notifications");
  await expect(page.getByTestId("notifications-unread")).toHaveCount(0);
  await expect(list.getByRole("link", { name: title, exact: true })).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(list).toBeHidden();
  await expect(bell).toBeFocused();

  // Read stays read after a reload.
  await page.reload();
  await expect(bell).toHaveAccessibleName("Notifications");
});
