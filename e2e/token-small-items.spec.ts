import { randomUUID } from "node:crypto";
import { expect, type Page, test } from "@playwright/test";
import { sql } from "./helpers";
import { addRequestLogs, addTokens, createAccount, signIn } from "./support/accounts";
import { expectAccessible } from "./support/axe";
import { expectNoSidewaysScroll } from "./support/layout";

// The small things of the dashboard's third round: an unknown token's status, the order of
// Expires, "New IP", the scope a refused request lacked, what a Free plan shows, and the
// token page at a laptop's width. Fresh accounts each run; screenshots in test-results/.

async function check(page: Page, state: string) {
  await expectAccessible(page, state);
  await expectNoSidewaysScroll(page, state);
  const width = page.viewportSize()!.width;
  await page.screenshot({
    path: `test-results/small-${state.replaceAll(" ", "-")}-${width}.png`,
    fullPage: true,
  });
}

/** The token names of the list's rows, top to bottom. */
async function rowNames(page: Page): Promise<string[]> {
  return page.locator("[data-token-link]").allTextContents();
}

test.use({ reducedMotion: "reduce" });

for (const width of [1280, 390] as const) {
  test.describe(`at ${width}px`, () => {
    test.use({ viewport: { width, height: width === 390 ? 844 : 800 } });

    test("an unknown token id answers 404 with the token's not-found page", async ({ page }) => {
      const account = await createAccount("PRO", "unknown-token");
      const [token] = await addTokens(account, 1, "Known");
      await signIn(page, account.email);

      for (const id of [randomUUID(), "not-a-token-id"]) {
        const response = await page.goto(`/settings/api-tokens/${id}`);
        expect(response?.status(), id).toBe(404);
        await expect(
          page.getByRole("heading", { level: 1, name: "Token not found" }),
        ).toBeVisible();
      }
      await check(page, "token not found");
      const known = await page.goto(`/settings/api-tokens/${token!.id}`);
      expect(known?.status()).toBe(200);
      await expect(page.getByRole("heading", { level: 1, name: token!.name })).toBeVisible();
    });

    test("Expires sorts soonest first with Never last, both ways", async ({ page }) => {
      const account = await createAccount("PRO", "sort-expires");
      const [never1, later, soon, never2] = await addTokens(account, 4, "Lease");
      await sql(`UPDATE api_tokens SET expires_at = now() + interval '40 days' WHERE id = $1`, [
        later!.id,
      ]);
      await sql(`UPDATE api_tokens SET expires_at = now() + interval '3 days' WHERE id = $1`, [
        soon!.id,
      ]);
      const nevers = [never1!.name, never2!.name].sort();
      await signIn(page, account.email);

      if (width >= 768) {
        const header = page.getByRole("button", { name: "Expires" });
        await header.click();
        await expect(page).toHaveURL(/[?&]sort=expiresAt(&|$)/);
      } else {
        await page.getByRole("combobox", { name: "Sort tokens" }).click();
        await page.getByRole("option", { name: "Sort: Expires, ascending" }).click();
      }
      await expect.poll(() => rowNames(page)).toEqual(expect.arrayContaining([soon!.name]));
      let names = await rowNames(page);
      expect(names.slice(0, 2)).toEqual([soon!.name, later!.name]);
      expect(names.slice(2).sort()).toEqual(nevers);
      await check(page, "expires soonest first");

      await page.goto("/settings/api-tokens?sort=-expiresAt");
      await expect.poll(async () => (await rowNames(page))[0]).toBe(later!.name);
      names = await rowNames(page);
      expect(names.slice(0, 2)).toEqual([later!.name, soon!.name]);
      expect(names.slice(2).sort()).toEqual(nevers);
    });

    test("New IP shows for an IP new beside others, never for a token's only IP", async ({
      page,
    }) => {
      const account = await createAccount("PRO", "new-ip");
      const [single, moved] = await addTokens(account, 2, "Crawler");
      const log = (tokenId: string, name: string, minutesAgo: number, ip: string) =>
        sql(
          `INSERT INTO api_request_logs (created_at, organization_id, token_id, token_name, method,
             path, status, client_ip, duration_ms)
           VALUES (now() - make_interval(mins => $4), $1, $2, $3, 'GET', '/api/v1/domains', 200,
             $5, 4)`,
          [account.organizationId, tokenId, name, minutesAgo, ip],
        );
      await log(single!.id, single!.name, 30, "192.0.2.10");
      await log(moved!.id, moved!.name, 60 * 24 * 3, "192.0.2.10");
      await log(moved!.id, moved!.name, 30, "203.0.113.99");
      for (const [token, ip] of [
        [single!, "192.0.2.10"],
        [moved!, "203.0.113.99"],
      ] as const) {
        // Stamped as the API does, a moment before the request's log row is written.
        await sql(
          `UPDATE api_tokens SET last_used_at = now() - interval '31 minutes', last_used_ip = $2
           WHERE id = $1`,
          [token.id, ip],
        );
      }
      await signIn(page, account.email);

      await page.goto(`/settings/api-tokens/${single!.id}`);
      await expect(page.getByTestId("activity-total")).toHaveText("1");
      await expect(page.getByTestId("new-ip-badge")).toHaveCount(0);
      await page.goto(`/settings/api-tokens/${moved!.id}`);
      await expect(page.getByTestId("new-ip-badge")).toBeVisible();
      await check(page, "new ip beside an older one");
    });

    test("a request refused for a missing scope names the scope in its details", async ({
      page,
      request,
    }) => {
      const account = await createAccount("PRO", "scope-named");
      const [reader] = await addTokens(account, 1, "Read-only reporter");
      await sql(`UPDATE api_tokens SET scopes = $2 WHERE id = $1`, [reader!.id, ["domains:read"]]);
      const refused = await request.post("/api/v1/domains", {
        headers: { Authorization: `Bearer ${reader!.secret}` },
        data: { name: `scope-${randomUUID().slice(0, 8)}.example` },
      });
      expect(refused.status()).toBe(403);

      await signIn(page, account.email);
      // The log is written off the response path: reload until it is there.
      await expect(async () => {
        await page.goto("/settings/api-tokens/access-logs");
        await expect(page.getByTestId("access-log-row")).toHaveCount(1, { timeout: 1_000 });
      }).toPass({ timeout: 15_000 });
      await page.getByRole("button", { name: /Show details of POST/ }).click();
      const detail = page.getByTestId("access-log-detail");
      await expect(detail).toContainText("Token lacks the domains:write scope this request needs");
      await check(page, "refusal names the scope");
    });

    test("a Free organization sees its policy read-only, and no filters or export of nothing", async ({
      page,
    }) => {
      const account = await createAccount("FREE", "free-plan");
      await addTokens(account, 1, "Paused exporter");
      await signIn(page, account.email);

      const policy = page.getByRole("region", { name: "Token policy" });
      await expect(policy).toContainText("Maximum token lifetime: No maximum.");
      await expect(policy).toContainText("upgrade to set it");
      await expect(policy.getByRole("radio")).toHaveCount(0);
      await expect(policy.getByRole("button", { name: "Save policy" })).toHaveCount(0);
      await check(page, "free tokens");

      await page.goto("/settings/api-tokens/access-logs");
      await expect(
        page.getByRole("heading", { name: "No API requests on this plan" }),
      ).toBeVisible();
      await expect(page.getByRole("form", { name: "Filter access logs" })).toHaveCount(0);
      const exportButton = page.getByRole("button", { name: "Export CSV" });
      await expect(exportButton).toBeDisabled();
      await expect(exportButton).toHaveAccessibleDescription(/Nothing to export: the Free plan/);
      await expect(page.getByRole("link", { name: "Export CSV" })).toHaveCount(0);
      await check(page, "free access logs");

      // An organization that downgraded keeps its history, to filter and export.
      const [used] = await addTokens(account, 1, "Former integration");
      await addRequestLogs(account, used!);
      await page.reload();
      await expect(page.getByRole("form", { name: "Filter access logs" })).toBeVisible();
      await expect(page.getByRole("link", { name: "Export CSV" })).toBeVisible();
    });
  });
}

test.describe("the token page at 1280px", () => {
  test.use({ viewport: { width: 1280, height: 800 } });

  test("shows Save changes without scrolling, beside the details", async ({ page }) => {
    const account = await createAccount("PRO", "token-layout");
    const [token] = await addTokens(account, 1, "Deploy pipeline");
    await addRequestLogs(account, token!);
    await signIn(page, account.email);
    await page.goto(`/settings/api-tokens/${token!.id}`);
    await expect(page.getByRole("heading", { level: 1, name: token!.name })).toBeVisible();
    await expect(page.getByRole("button", { name: "Save changes" })).toBeInViewport();
    await page.screenshot({ path: "test-results/small-token-page-fold-1280.png" });
    await check(page, "token page");
  });
});
