import { expect, test } from "@playwright/test";
import {
  addPerson,
  addRequestLogs,
  addTokens,
  createAccount,
  revokeToken,
  signIn,
} from "./support/accounts";
import { expectAccessible } from "./support/axe";

// The four lists drawn by <DataTable> (components/ui/data-table.tsx): at a desktop, a small
// laptop, a tablet and a phone width none of them makes its page scroll sideways. A table
// too wide for its box scrolls inside it; below 48rem its rows stack into records whose
// values carry their column's name. Every state is scanned by axe. Screenshots are written
// to test-results/ to be looked at.

const WIDTHS = [1280, 1024, 800, 390] as const;
const STACKED_BELOW = 768;

const PAGES = [
  { name: "tokens", path: "/settings/api-tokens", table: /^API tokens/, labelled: "Expires" },
  {
    name: "access-logs",
    path: "/settings/api-tokens/access-logs",
    table: "API requests",
    labelled: "Status",
  },
  { name: "members", path: "/settings/members", table: "Members", labelled: "Joined" },
  { name: "audit-log", path: "/settings/audit-log", table: "Audit events", labelled: "Actor" },
] as const;

for (const width of WIDTHS) {
  test(`at ${width}px no list makes its page scroll sideways${width < STACKED_BELOW ? "; rows stack with labelled values" : ""}`, async ({
    page,
  }) => {
    // Four pages, each scanned by axe and photographed.
    test.setTimeout(180_000);
    const account = await createAccount("PRO", "tables");
    // Long names, to be wrapped rather than pushing the page wider.
    const tokens = await addTokens(
      account,
      3,
      "Deploy pipeline of the customer-facing marketing site",
    );
    await addRequestLogs(account, tokens[0]!);
    await revokeToken(account, tokens[2]!);
    await addPerson(account, {
      role: "ADMIN",
      label: "bob",
      name: "Bartholomew Montgomery-Smythe",
    });
    await page.setViewportSize({ width, height: 900 });
    await signIn(page, account.email);

    for (const { name, path, table, labelled } of PAGES) {
      const state = `${name} at ${width}px`;
      await page.goto(path);
      const rows = page.getByRole("table", { name: table }).getByRole("row");
      await expect(rows.filter({ has: page.getByRole("cell") }).first()).toBeVisible();

      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - window.innerWidth,
      );
      expect.soft(overflow, `${state} scrolls sideways by ${overflow}px`).toBeLessThanOrEqual(0);

      // Stacked: no header row on screen, each value named by its column. Wide: the headers.
      const header = page.getByRole("table", { name: table }).locator("thead");
      if (width < STACKED_BELOW) {
        await expect.soft(header, state).toBeHidden();
        const cell = page.getByRole("cell", { name: new RegExp(`^${labelled}\\b`) });
        await expect.soft(cell.first(), state).toBeVisible();
      } else {
        await expect.soft(header, state).toBeVisible();
      }

      await expectAccessible(page, state);
      await page.screenshot({ path: `test-results/tables-${name}-${width}.png`, fullPage: true });
    }
  });
}
