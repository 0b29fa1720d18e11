import { expect, type Page, test } from "@playwright/test";
import { sql, tokenRow } from "./helpers";
import { addTokens, createAccount, type SeededToken, signIn } from "./support/accounts";
import { expectAccessible } from "./support/axe";
import { expectNoSidewaysScroll } from "./support/layout";

// Who made a token, when a token made it through the API; and warnings on the tokens list
// only where something can still be done: a revoked, expired or rotated-out token is
// neither "denied in 24h" nor "Over 30-day limit", however it was used. Each width gets a
// fresh account; screenshots go to test-results/ to be looked at.

const WIDTHS = [1280, 1024, 800, 390] as const;

async function check(page: Page, state: string) {
  await expectAccessible(page, state);
  await expectNoSidewaysScroll(page, state);
  const width = page.viewportSize()!.width;
  await page.screenshot({ path: `test-results/${state.replaceAll(" ", "-")}-${width}.png` });
}

/** Refused requests of `token` in the last hour, as the API would have logged them. */
async function addDenials(token: SeededToken, organizationId: string, count = 2) {
  await sql(
    `INSERT INTO api_request_logs (created_at, organization_id, token_id, token_name, method,
       path, status, client_ip, duration_ms, error_code, refusal_reason)
     SELECT now() - make_interval(mins => s.i), $1, $2, $3, 'GET', '/api/v1/domains', 403,
            '198.51.100.9', 3, 'forbidden', 'ip_not_allowed'
     FROM generate_series(1, $4::int) AS s(i)`,
    [organizationId, token.id, token.name, count],
  );
}

for (const width of WIDTHS) {
  test.describe(`at ${width}px`, () => {
    test.use({ viewport: { width, height: 900 }, reducedMotion: "reduce" });

    test("a token made through the API names the token that made it, and counts under its person", async ({
      page,
      request,
    }) => {
      const account = await createAccount("PRO", "maker");
      const [terraform] = await addTokens(account, 1, "Terraform admin");
      await sql(`UPDATE api_tokens SET scopes = $2, name = 'Terraform admin' WHERE id = $1`, [
        terraform!.id,
        ["domains:read", "tokens:read", "tokens:write"],
      ]);
      const created = await request.post("/api/v1/tokens", {
        headers: { Authorization: `Bearer ${terraform!.secret}` },
        data: { name: "CI deploy", scopes: ["domains:read"] },
      });
      expect(created.status()).toBe(201);
      const { data } = (await created.json()) as { data: { id: string } };

      await signIn(page, account.email);
      const row = tokenRow(page, "CI deploy");
      await expect(row).toContainText("by Terraform admin (API token)");
      await expect(row).not.toContainText("removed user");
      await check(page, "made by a token, list");

      await page.goto(`/settings/api-tokens/${data.id}`);
      await expect(
        page.getByText("by Terraform admin (API token), a token of").first(),
      ).toBeVisible();
      await check(page, "made by a token, its page");
      await page.getByTestId("made-by-token").click();
      await expect(page).toHaveURL(new RegExp(`/settings/api-tokens/${terraform!.id}$`));
      await expect(page.getByRole("heading", { level: 1, name: "Terraform admin" })).toBeVisible();

      // Members: the owner made Terraform admin, and through it CI deploy.
      await page.goto("/settings/members");
      const owner = page.locator(`[data-member="${account.email}"]`);
      await expect(
        owner.getByRole("cell").filter({ hasText: /^(Tokens created\s*)?2$/ }),
      ).toHaveCount(1);
      await check(page, "made by a token, members");

      // Revoked through the API too: the token page names the token that revoked it.
      const revoked = await request.post(`/api/v1/tokens/${data.id}/revoke`, {
        headers: { Authorization: `Bearer ${terraform!.secret}` },
      });
      expect(revoked.status()).toBe(200);
      await page.goto(`/settings/api-tokens/${data.id}`);
      const revokedDetail = page
        .locator("dt", { hasText: /^Revoked$/ })
        .locator("xpath=following-sibling::dd[1]");
      await expect(revokedDetail).toContainText("by Terraform admin (API token)");
      await expect(revokedDetail).not.toContainText("removed user");
      await revokedDetail.getByRole("link", { name: "Terraform admin" }).click();
      await expect(page).toHaveURL(new RegExp(`/settings/api-tokens/${terraform!.id}$`));
      await page.goBack();
      await check(page, "revoked by a token, its page");
    });

    test("only tokens that still work are warned about: denials, the lifetime policy", async ({
      page,
    }) => {
      const account = await createAccount("PRO", "warnings");
      const [live, revoked, expired, rotatedOut] = await addTokens(account, 4, "Service");
      for (const token of [live!, revoked!, expired!, rotatedOut!]) {
        await addDenials(token, account.organizationId);
      }
      await sql(`UPDATE api_tokens SET revoked_at = now() - interval '1 day' WHERE id = $1`, [
        revoked!.id,
      ]);
      await sql(`UPDATE api_tokens SET expires_at = now() - interval '1 day' WHERE id = $1`, [
        expired!.id,
      ]);
      await sql(
        `UPDATE api_tokens SET rotated_at = now() - interval '2 days',
           rotation_ends_at = now() - interval '1 day' WHERE id = $1`,
        [rotatedOut!.id],
      );
      // None of them expires: all last longer than a 30-day policy allows a new token.
      await sql(`UPDATE organizations SET max_token_lifetime_days = 30 WHERE id = $1`, [
        account.organizationId,
      ]);

      await signIn(page, account.email);
      const notice = page.getByTestId("token-insights-notice");
      await expect(notice.getByTestId("attention-denied")).toHaveCount(1);
      await expect(notice.getByTestId("attention-denied")).toContainText(live!.name);
      await expect(page.getByTestId("insight-denied").filter({ visible: true })).toHaveCount(1);
      await expect(tokenRow(page, live!.name).getByTestId("insight-denied")).toBeVisible();
      await expect(page.getByText("Over 30-day limit").filter({ visible: true })).toHaveCount(1);
      await expect(tokenRow(page, live!.name)).toContainText("Over 30-day limit");
      await expect(page.getByText("1 token lasts longer than this policy allows")).toBeVisible();
      await check(page, "warnings only for working tokens");

      for (const dead of [revoked!, expired!, rotatedOut!]) {
        await page.goto(`/settings/api-tokens/${dead.id}`);
        await expect(page.getByRole("heading", { level: 1, name: dead.name })).toBeVisible();
        await expect(page.getByText("Over 30-day limit")).toHaveCount(0);
      }
    });
  });
}
