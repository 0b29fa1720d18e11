import { expect, type Locator, type Page, test } from "@playwright/test";
import {
  addPerson,
  addRequestLogs,
  addTokens,
  createAccount,
  revokeToken,
  signIn,
} from "./support/accounts";
import { expectAccessible } from "./support/axe";
import { expectNoSidewaysScroll } from "./support/layout";

// Every dashboard page at every width from a large desktop to a small phone: none makes the
// page scroll sideways, each page's main action is on screen (not past the right edge), and
// the four lists drawn by <DataTable> (components/ui/data-table.tsx) keep a too-wide table
// scrolling inside its own box, or below 48rem stack their rows into records whose values
// carry their column's name. axe scans every page at the four widths the suite holds to
// (1280, 1024, 800, 390). Screenshots are written to test-results/ to be looked at.

const WIDTHS = [1440, 1280, 1180, 1024, 800, 768, 390, 360] as const;
const AXE_WIDTHS = new Set<number>([1280, 1024, 800, 390]);
const STACKED_BELOW = 768;

interface DashboardPage {
  name: string;
  path: string;
  /**
   * The list on the page, drawn by <DataTable>, and a column named on its stacked records;
   * `wholeFrom`: from this width up the whole list shows without scrolling inside its box.
   */
  table?: { name: string | RegExp; labelled: string; wholeFrom?: number };
  /** The action the page is for, which must be on screen at every width. */
  action?: (page: Page) => Locator;
}

function pages(tokenId: string): DashboardPage[] {
  return [
    {
      name: "tokens",
      path: "/settings/api-tokens",
      // At 1024 px beside the sidebar it once scrolled inside its box, leaving Status and the
      // row menus off screen: it gives up two columns instead (tokens-columns.tsx).
      table: { name: /^API tokens/, labelled: "Expires", wholeFrom: 1024 },
      action: (page) => page.getByRole("button", { name: "Create Token", exact: true }).first(),
    },
    {
      name: "token",
      path: `/settings/api-tokens/${tokenId}`,
      action: (page) => page.getByRole("button", { name: "Rotate", exact: true }),
    },
    {
      name: "access-logs",
      path: "/settings/api-tokens/access-logs",
      table: { name: "API requests", labelled: "Status" },
      action: (page) => page.getByRole("link", { name: "Export CSV" }),
    },
    {
      name: "audit-log",
      path: "/settings/audit-log",
      table: { name: "Audit events", labelled: "Actor" },
      action: (page) => page.getByRole("link", { name: "Export CSV" }),
    },
    {
      name: "members",
      path: "/settings/members",
      table: { name: "Members", labelled: "Joined" },
      action: (page) => page.getByRole("button", { name: "Invite member" }),
    },
    { name: "billing", path: "/settings/billing" },
    { name: "security", path: "/settings/security" },
  ];
}

/**
 * Visible and entirely between the window's left and right edges. The box is polled: a page
 * that is still streaming in may swap the element for its final one between two reads.
 */
async function expectOnScreenHorizontally(locator: Locator, width: number, state: string) {
  await expect.soft(locator, `${state}: main action`).toBeVisible();
  const edges = async () => {
    const box = await locator.boundingBox();
    return box ? { left: box.x, right: box.x + box.width } : null;
  };
  await expect.soft.poll(edges, { message: `${state}: main action is on screen` }).toEqual({
    left: expect.any(Number),
    right: expect.any(Number),
  });
  const box = await edges();
  if (!box) return;
  expect.soft(box.left, `${state}: main action starts on screen`).toBeGreaterThanOrEqual(0);
  expect.soft(box.right, `${state}: main action ends on screen`).toBeLessThanOrEqual(width);
}

for (const width of WIDTHS) {
  test(`at ${width}px every dashboard page fits its window with its main action on screen${width < STACKED_BELOW ? "; list rows stack with labelled values" : ""}`, async ({
    page,
  }) => {
    // Seven pages, photographed, and scanned by axe at four of the widths.
    test.setTimeout(240_000);
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

    for (const { name, path, table, action } of pages(tokens[0]!.id)) {
      const state = `${name} at ${width}px`;
      await page.goto(path);
      await expect(page.locator("h1").first()).toBeVisible();
      if (table) {
        const rows = page.getByRole("table", { name: table.name }).getByRole("row");
        await expect(rows.filter({ has: page.getByRole("cell") }).first()).toBeVisible();
        // Stacked: no header row on screen, each value named by its column. Wide: the headers.
        const header = page.getByRole("table", { name: table.name }).locator("thead");
        if (width < STACKED_BELOW) {
          await expect.soft(header, state).toBeHidden();
          const cell = page.getByRole("cell", { name: new RegExp(`^${table.labelled}\\b`) });
          await expect.soft(cell.first(), state).toBeVisible();
        } else {
          await expect.soft(header, state).toBeVisible();
        }
        if (table.wholeFrom !== undefined && width >= table.wholeFrom) {
          const overflow = await page
            .getByRole("table", { name: table.name })
            .evaluate(({ parentElement: box }) => box!.scrollWidth - box!.clientWidth);
          expect.soft(overflow, `${state}: the list scrolls inside its box`).toBeLessThanOrEqual(0);
          const menu = page.getByRole("button", { name: /^Actions for / }).first();
          await expectOnScreenHorizontally(menu, width, `${state}: a row's menu`);
        }
      }

      await expectNoSidewaysScroll(page, state);
      if (action) await expectOnScreenHorizontally(action(page), width, state);
      if (AXE_WIDTHS.has(width)) await expectAccessible(page, state);
      await page.screenshot({ path: `test-results/tables-${name}-${width}.png`, fullPage: true });
    }
  });
}
