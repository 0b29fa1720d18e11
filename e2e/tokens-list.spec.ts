import { randomUUID } from "node:crypto";
import { expect, type Locator, type Page, test } from "@playwright/test";
import { generateApiToken } from "../lib/auth/token";
import { signIn as signInAs, sql } from "./helpers";

// The tokens list as a list: search, filter and sort kept in the URL, bulk revocation and
// the stacked layout of narrow screens. Tokens are inserted directly into the Pro demo
// organization, each run under its own tag, so runs can repeat against the same database.

const OWNER = "pro@mailshield.test";

interface Seed {
  name: string;
  description?: string;
  revoked?: boolean;
  /** Days ago it was created: the default order is newest first. */
  age?: number;
}

/** Inserts tokens into the owner's organization; returns their ids by name. */
async function seedTokens(tokens: Seed[]): Promise<Record<string, string>> {
  const ids: Record<string, string> = {};
  for (const token of tokens) {
    const generated = generateApiToken();
    const id = randomUUID();
    await sql(
      `INSERT INTO api_tokens (id, organization_id, name, description, token_hash, last_four,
         revoked_at, created_at, updated_at)
       SELECT $1, m.organization_id, $2, $3, $4, $5, $6, now() - make_interval(days => $7), now()
       FROM memberships m JOIN users u ON u.id = m.user_id WHERE u.email = $8`,
      [
        id,
        token.name,
        token.description ?? null,
        generated.tokenHash,
        generated.lastFour,
        token.revoked ? new Date() : null,
        token.age ?? 0,
        OWNER,
      ],
    );
    ids[token.name] = id;
  }
  return ids;
}

const signIn = (page: Page, email = OWNER) => signInAs(page, email);

/** The names of the tokens the list shows, in order (table or cards, whichever is shown). */
function shownNames(page: Page): Promise<string[]> {
  return page.locator("[data-token-link]:visible").allInnerTexts();
}

function search(page: Page): Locator {
  return page.getByRole("searchbox", { name: "Search tokens" });
}

function statusFilter(page: Page, label: string): Locator {
  return page.getByRole("button", { name: new RegExp(`^${label}\\s*\\d+$`) });
}

function query(page: Page): URLSearchParams {
  return new URL(page.url()).searchParams;
}

test("search, status filter and sort live in the URL, survive a reload and follow back and forward", async ({
  page,
}) => {
  const tag = `List${randomUUID().slice(0, 8)}`;
  await seedTokens([
    { name: `${tag} Alpha deploy`, description: "Ships the marketing site", age: 3 },
    { name: `${tag} Beta backup`, description: "Nightly export", age: 2 },
    { name: `${tag} Gamma old`, description: "Replaced", revoked: true, age: 1 },
  ]);
  await signIn(page);

  await search(page).fill(tag);
  await expect.poll(() => query(page).get("q")).toBe(tag);
  await expect
    .poll(() => shownNames(page))
    .toEqual([`${tag} Beta backup`, `${tag} Alpha deploy`, `${tag} Gamma old`]);

  // Words may come from the description, in any order and case.
  await search(page).fill(`NIGHTLY ${tag.toLowerCase()}`);
  await expect.poll(() => shownNames(page)).toEqual([`${tag} Beta backup`]);
  await search(page).fill(tag);
  await expect.poll(() => shownNames(page)).toHaveLength(3);

  await statusFilter(page, "Active").click();
  await expect.poll(() => query(page).get("status")).toBe("active");
  await expect.poll(() => shownNames(page)).toEqual([`${tag} Beta backup`, `${tag} Alpha deploy`]);

  const nameHeader = page.getByRole("columnheader", { name: "Name" });
  await nameHeader.getByRole("button").click();
  await expect.poll(() => query(page).get("sort")).toBe("name");
  await nameHeader.getByRole("button").click();
  await expect.poll(() => query(page).get("sort")).toBe("-name");
  await expect.poll(() => shownNames(page)).toEqual([`${tag} Beta backup`, `${tag} Alpha deploy`]);

  // Back steps through the views (descending, ascending, unsorted, all statuses), and
  // forward again.
  await page.goBack();
  await expect(nameHeader).toHaveAttribute("aria-sort", "ascending");
  await page.goBack();
  await expect(nameHeader).toHaveAttribute("aria-sort", "none");
  await expect(statusFilter(page, "Active")).toHaveAttribute("aria-pressed", "true");
  await page.goBack();
  await expect(statusFilter(page, "All")).toHaveAttribute("aria-pressed", "true");
  await expect(search(page)).toHaveValue(tag);
  await expect.poll(() => shownNames(page)).toHaveLength(3);
  await page.goForward();
  await expect(statusFilter(page, "Active")).toHaveAttribute("aria-pressed", "true");
  await page.goForward();
  await page.goForward();
  await expect(nameHeader).toHaveAttribute("aria-sort", "descending");

  // A reload keeps the view.
  await page.reload();
  await expect(search(page)).toHaveValue(tag);
  await expect(statusFilter(page, "Active")).toHaveAttribute("aria-pressed", "true");
  await expect(nameHeader).toHaveAttribute("aria-sort", "descending");
  await expect.poll(() => shownNames(page)).toEqual([`${tag} Beta backup`, `${tag} Alpha deploy`]);

  // A shared link opens the same view.
  await page.goto(`/settings/api-tokens?q=${tag}&status=revoked`);
  await expect.poll(() => shownNames(page)).toEqual([`${tag} Gamma old`]);

  // Values the list does not know fall back to the defaults instead of an error page.
  await page.goto(`/settings/api-tokens?q=${tag}&status=deleted&sort=token_hash`);
  await expect(page.getByRole("heading", { level: 1, name: "API Tokens" })).toBeVisible();
  await expect(statusFilter(page, "All")).toHaveAttribute("aria-pressed", "true");
  await expect(nameHeader).toHaveAttribute("aria-sort", "none");
  await expect.poll(() => shownNames(page)).toHaveLength(3);
});

test("an empty result says what matched nothing and clears the filters", async ({ page }) => {
  const tag = `Empty${randomUUID().slice(0, 8)}`;
  await seedTokens([{ name: `${tag} Only` }]);
  await signIn(page);
  await page.goto(`/settings/api-tokens?q=${tag}+nomatch&status=revoked`);

  await expect(page.getByText(`No revoked tokens match “${tag} nomatch”.`)).toBeVisible();
  await page.getByRole("button", { name: "Clear filters" }).click();
  await expect.poll(() => page.url()).toMatch(/\/settings\/api-tokens$/);
  await expect(search(page)).toHaveValue("");
  await expect(search(page)).toBeFocused();
  await expect(page.locator(`[data-token-link]:visible`, { hasText: `${tag} Only` })).toBeVisible();
});

test("an owner selects tokens and revokes them with one confirmation; a token revoked meanwhile is reported", async ({
  page,
}) => {
  const tag = `Bulk${randomUUID().slice(0, 8)}`;
  const names = [`${tag} One`, `${tag} Two`, `${tag} Three`, `${tag} Kept`];
  const ids = await seedTokens(names.map((name, index) => ({ name, age: 4 - index })));
  await signIn(page);
  await page.goto(`/settings/api-tokens?q=${tag}`);
  await expect.poll(() => shownNames(page)).toHaveLength(4);

  // Select all shown, then leave one out, by keyboard.
  await page.getByRole("checkbox", { name: "Select all shown tokens" }).check();
  const keep = page.getByRole("checkbox", { name: `Select ${tag} Kept` });
  await keep.focus();
  await page.keyboard.press("Space");
  await expect(keep).not.toBeChecked();
  await expect(page.getByText("3 selected")).toBeVisible();

  await page.getByRole("button", { name: "Revoke 3 tokens…" }).click();
  const confirm = page.getByRole("alertdialog", { name: "Revoke 3 tokens?" });
  await expect(confirm).toBeVisible();
  const listed = confirm.getByRole("list", { name: /Tokens to revoke/ }).getByRole("listitem");
  await expect(listed).toHaveCount(3);
  for (const name of names.slice(0, 3)) await expect(confirm.getByText(name)).toBeVisible();
  await expect(confirm.getByText(`${tag} Kept`)).toHaveCount(0);

  // Someone else revokes "Three" while the dialog is open.
  await sql("UPDATE api_tokens SET revoked_at = now() WHERE id = $1", [ids[`${tag} Three`]]);
  await confirm.getByRole("button", { name: "Revoke 3 tokens" }).click();
  await expect(confirm).toBeHidden();

  const report = page.getByTestId("bulk-revoke-report");
  await expect(report).toContainText("Revoked 2 of 3 tokens");
  // Newest first, as the list showed them.
  await expect(report).toContainText(`“${tag} Two”, “${tag} One” can no longer be used.`);
  await expect(report).toContainText(`“${tag} Three” was already revoked.`);
  await expect(report).toBeFocused();

  const rows = await sql<{ name: string; revoked: boolean; by: string | null }>(
    `SELECT t.name, t.revoked_at IS NOT NULL AS revoked, u.email AS by
     FROM api_tokens t LEFT JOIN users u ON u.id = t.revoked_by_id
     WHERE t.name LIKE $1 ORDER BY t.name`,
    [`${tag}%`],
  );
  expect(rows).toEqual([
    { name: `${tag} Kept`, revoked: false, by: null },
    { name: `${tag} One`, revoked: true, by: OWNER },
    { name: `${tag} Three`, revoked: true, by: null },
    { name: `${tag} Two`, revoked: true, by: OWNER },
  ]);
  const events = await sql<{ target_id: string }>(
    "SELECT target_id FROM audit_events WHERE action = 'token.revoked' AND target_id = ANY($1::text[])",
    [Object.values(ids)],
  );
  expect(events.map((event) => event.target_id).sort()).toEqual(
    [ids[`${tag} One`], ids[`${tag} Two`]].sort(),
  );
  // The list shows the new states and the revoked tokens cannot be selected again.
  await expect(page.getByRole("checkbox", { name: `Select ${tag} One` })).toBeDisabled();
});

test("at 390 px the list is stacked records without sideways scrolling, and a token is revoked from its menu", async ({
  page,
}) => {
  const tag = `Phone${randomUUID().slice(0, 8)}`;
  await seedTokens([
    { name: `${tag} First with a rather long name that has to wrap somewhere`, age: 2 },
    { name: `${tag} Second`, age: 1 },
  ]);
  await page.setViewportSize({ width: 390, height: 844 });
  await signIn(page);
  await page.goto(`/settings/api-tokens?q=${tag}&status=active`);
  await expect.poll(() => shownNames(page)).toHaveLength(2);

  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow).toBe(0);
  // Each token's row is stacked into a record whose values are named by their column.
  const card = page.getByRole("row").filter({ hasText: `${tag} Second` });
  const menu = card.getByRole("button", { name: `Actions for ${tag} Second` });
  // Status, expiry and the menu (the way to revoke) are on screen, not beside it.
  const status = card.getByRole("cell", { name: /^Status\b/ });
  const expires = card.getByRole("cell", { name: /^Expires\b/ });
  for (const part of [status, expires, menu]) {
    await part.scrollIntoViewIfNeeded();
    const box = await part.boundingBox();
    expect(box && box.x >= 0 && box.x + box.width <= 390).toBe(true);
  }
  await expect(card.getByText("Active", { exact: true })).toBeVisible();
  await page.screenshot({ path: "test-results/tokens-list-390.png", fullPage: true });

  await menu.click();
  await page.getByRole("menuitem", { name: "Revoke…" }).click();
  const confirm = page.getByRole("alertdialog");
  await confirm.getByRole("button", { name: "Revoke token" }).click();
  await expect(confirm).toBeHidden();

  // Filtered to active tokens, the revoked one leaves the list; focus goes to the token now
  // in its place, never to the page body.
  await expect.poll(() => shownNames(page)).toHaveLength(1);
  await expect(page.locator("[data-token-link]:visible")).toBeFocused();
});

test("after revoking from a row's menu at desktop width, focus stays in the list", async ({
  page,
}) => {
  const tag = `Focus${randomUUID().slice(0, 8)}`;
  await seedTokens([
    { name: `${tag} Newer`, age: 1 },
    { name: `${tag} Older`, age: 2 },
  ]);
  await signIn(page);
  await page.goto(`/settings/api-tokens?q=${tag}`);
  await page.getByRole("button", { name: `Actions for ${tag} Newer` }).click();
  await page.getByRole("menuitem", { name: "Revoke…" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Revoke token" }).click();
  await expect(page.getByRole("alertdialog")).toBeHidden();

  // The revoked token sorts after the active one; its old place now holds "Older".
  await expect.poll(() => shownNames(page)).toEqual([`${tag} Older`, `${tag} Newer`]);
  await expect(page.getByRole("link", { name: `${tag} Older`, exact: true })).toBeFocused();
});

test("a member sees the list, searchable, without selection or bulk revocation", async ({
  page,
}) => {
  const tag = `Member${randomUUID().slice(0, 8)}`;
  await seedTokens([{ name: `${tag} Visible` }]);
  // A member of the owner's organization, with the demo password.
  const email = `member-${tag.toLowerCase()}@mailshield.test`;
  await sql(
    `WITH owner AS (
       SELECT u.password_hash, m.organization_id FROM users u
       JOIN memberships m ON m.user_id = u.id WHERE u.email = $2
     ), member AS (
       INSERT INTO users (id, email, password_hash, updated_at)
       SELECT gen_random_uuid(), $1, password_hash, now() FROM owner RETURNING id
     )
     INSERT INTO memberships (id, organization_id, user_id, role)
     SELECT gen_random_uuid(), owner.organization_id, member.id, 'MEMBER' FROM owner, member`,
    [email, OWNER],
  );
  await signIn(page, email);
  await page.goto(`/settings/api-tokens?q=${tag}`);

  await expect.poll(() => shownNames(page)).toEqual([`${tag} Visible`]);
  await expect(page.getByRole("checkbox")).toHaveCount(0);
  await expect(page.getByRole("button", { name: /^Revoke \d+ tokens?/ })).toHaveCount(0);
  await page.getByRole("button", { name: `Actions for ${tag} Visible` }).click();
  await expect(page.getByRole("menuitem", { name: "Revoke…" })).toHaveCount(0);
});
