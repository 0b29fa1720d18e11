import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import { expect, type Page, test } from "@playwright/test";
import pg from "pg";
import { createTokenInDashboard as createToken, signIn as signInAs, withDb } from "./helpers";

// API calls made with a token show up in the organization's Access Logs and in the
// token's own activity; a denied call can be found by filtering on its status code and
// exported as CSV. Runs as the seeded Business demo user with uniquely named tokens, so it
// can repeat against the same database.

const DEMO_EMAIL = "business@mailshield.test";
const signIn = (page: Page) => signInAs(page, DEMO_EMAIL);

test.use({ permissions: ["clipboard-read", "clipboard-write"] });

test("API calls appear in Access Logs and the token's activity, denied ones can be filtered and exported", async ({
  page,
  request,
}) => {
  const suffix = randomUUID().slice(0, 8);
  const workingName = `E2E logs ok ${suffix}`;
  // 192.0.2.0/24 is reserved for documentation: the test client is never inside it.
  const deniedName = `E2E logs denied, "${suffix}"`;

  await signIn(page);
  const working = await createToken(page, workingName);
  const denied = await createToken(page, deniedName, "192.0.2.0/24");

  for (const path of ["/api/v1/domains", "/api/v1/domains?limit=1"]) {
    const response = await request.get(path, {
      headers: { Authorization: `Bearer ${working.token}` },
    });
    expect(response.status()).toBe(200);
  }
  const deniedResponse = await request.get("/api/v1/domains", {
    headers: { Authorization: `Bearer ${denied.token}` },
  });
  expect(deniedResponse.status()).toBe(403);

  // The log is written off the response path; reload until both calls are in.
  await page.goto(`/settings/api-tokens/access-logs?token=${working.id}`);
  const rows = page.getByTestId("access-log-row");
  await expect(async () => {
    await page.reload();
    await expect(rows).toHaveCount(2, { timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
  await expect(rows.first()).toContainText("/api/v1/domains?limit=1");
  await expect(rows.first()).toContainText(workingName);
  await expect(rows.first().locator("[data-status-class]")).toHaveText("200");

  // Filter the whole organization's log by the denied call's status code, through the UI.
  await page.goto("/settings/api-tokens/access-logs");
  await page.getByLabel("Status code").fill("403");
  await page.getByLabel("Status code").press("Enter");
  await expect(page).toHaveURL(/code=403/);
  const deniedRow = rows.filter({ hasText: deniedName });
  await expect(deniedRow).toHaveCount(1);
  await expect(deniedRow.locator("[data-status-class]")).toHaveText("403");
  await expect(rows.filter({ hasText: workingName })).toHaveCount(0);

  // The back button returns to the unfiltered view.
  await page.goBack();
  await expect(page).not.toHaveURL(/code=403/);

  // Export the denied token's requests as CSV.
  await page.goto(`/settings/api-tokens/access-logs?token=${denied.id}&code=403`);
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Export CSV" }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^access-logs-\d{8}-\d{6}\.csv$/);
  const csv = await readFile(await download.path(), "utf8");
  const lines = csv.trimEnd().split("\r\n");
  expect(lines).toHaveLength(2);
  expect(lines[0]).toMatch(/^timestamp_utc,token_id,token_name,/);
  // The name holds a comma and quotes, so it is quoted with the quotes doubled.
  expect(lines[1]).toContain(`,"E2E logs denied, ""${suffix}""",`);
  expect(lines[1]).toContain(",/api/v1/domains,403,");

  // The token's detail page shows the calls in its activity.
  await page.goto(`/settings/api-tokens/${working.id}`);
  await expect(page.getByTestId("activity-total")).toHaveText("2");
  await expect(page.getByTestId("token-activity-row")).toHaveCount(2);
  // Both calls came from the only address the token ever used: nothing it is "new" against.
  await expect(page.getByTestId("new-ip-badge")).toHaveCount(0);
  await expect(page.getByTestId("last-denied-attempt")).toHaveCount(0);
  await page.getByRole("link", { name: "View all in Access Logs" }).click();
  await expect(page).toHaveURL(new RegExp(`token=${working.id}`));
  await expect(rows).toHaveCount(2);
});

test("a quoted request id finds the request; its details and the token page say why it was refused", async ({
  page,
  request,
}) => {
  const suffix = randomUUID().slice(0, 8);
  const name = `E2E refused ${suffix}`;
  await signIn(page);
  const denied = await createToken(page, name, "192.0.2.0/24");

  // A denied call with the client's own request id: the API echoes it and logs it.
  const requestId = `e2e-denied-${suffix}`;
  const response = await request.get("/api/v1/domains", {
    headers: { Authorization: `Bearer ${denied.token}`, "X-Request-Id": requestId },
  });
  expect(response.status()).toBe(403);
  expect(response.headers()["x-request-id"]).toBe(requestId);

  // A refusal as the API records it with its reason (here: the token was revoked).
  const revokedRequestId = `e2e-revoked-${suffix}`;
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    await client.query(
      `INSERT INTO api_request_logs (created_at, organization_id, token_id, token_name, method,
         path, status, client_ip, user_agent, duration_ms, response_summary, error_code,
         request_id, refusal_reason)
       SELECT now(), organization_id, id, name, 'GET', '/api/v1/domains', 401, '198.51.100.7',
              'e2e', 3, 'unauthorized', 'unauthorized', $2, 'token_revoked'
       FROM api_tokens WHERE id = $1`,
      [denied.id, revokedRequestId],
    );
  } finally {
    await client.end();
  }

  // The customer quotes the id: the Request ID filter finds exactly that request.
  await page.goto("/settings/api-tokens/access-logs");
  const rows = page.getByTestId("access-log-row");
  await expect(async () => {
    await page.reload();
    await page.getByLabel("Request ID").fill(requestId);
    await page.getByLabel("Request ID").press("Enter");
    await expect(page).toHaveURL(new RegExp(`request_id=${requestId}`));
    await expect(rows).toHaveCount(1, { timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
  await expect(rows.first()).toContainText(name);

  // An id the API would never have issued is refused with a message, not sent.
  await page.getByLabel("Request ID").fill("not an id");
  await page.getByLabel("Request ID").press("Enter");
  await expect(page.getByText(/Enter the X-Request-Id of a response/)).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`request_id=${requestId}`));

  // The refused request reads as its reason in words, in the table and in its details.
  await page.goto(`/settings/api-tokens/access-logs?request_id=${revokedRequestId}`);
  await expect(rows).toHaveCount(1);
  await expect(rows.first().getByTestId("refusal-reason")).toHaveText("Token revoked");
  const toggle = rows.first().getByRole("button", { name: /details of GET/ });
  await expect(toggle).toHaveAccessibleName(/^Show details of GET/);
  await toggle.focus();
  await page.keyboard.press("Enter");
  await expect(toggle).toHaveAttribute("aria-expanded", "true");
  const detail = page.getByRole("region", { name: "Request details" });
  await expect(detail.getByTestId("request-id")).toHaveText(revokedRequestId);
  await expect(detail.getByTestId("detail-refusal-reason")).toHaveText("Token revoked");
  await detail.getByRole("button", { name: "Copy request ID" }).click();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(revokedRequestId);

  // The CSV's request_id column is that id, with the reason beside it.
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Export CSV" }).click(),
  ]);
  const [header, line] = (await readFile(await download.path(), "utf8")).trimEnd().split("\r\n");
  const cells = line?.split(",") ?? [];
  const column = (name: string) => cells[header?.split(",").indexOf(name) ?? -1];
  expect(column("request_id")).toBe(revokedRequestId);
  expect(column("refusal_reason")).toBe("token_revoked");
  expect(column("refusal_reason_text")).toBe("Token revoked");

  // Never accepted: "Never" in its details and its activity alike, the denial shown apart.
  await page.goto(`/settings/api-tokens/${denied.id}`);
  const lastUsed = page.getByTestId("last-used");
  await expect(lastUsed).toHaveCount(2);
  await expect(lastUsed.nth(0)).toHaveText("Never");
  await expect(lastUsed.nth(1)).toHaveText("Never");
  await expect(page.getByTestId("last-denied-attempt")).toContainText("Token revoked");
  await expect(page.getByTestId("last-denied-attempt")).toContainText("198.51.100.7");
});

test("every filter applies on change, the URL follows, and summaries read as sentences", async ({
  page,
  request,
}) => {
  const suffix = randomUUID().slice(0, 8);
  const name = `E2E filters ${suffix}`;
  await page.setViewportSize({ width: 1280, height: 800 });
  await signIn(page);
  const { token, id } = await createToken(page, name);
  const auth = { Authorization: `Bearer ${token}` };

  const domainIds: string[] = [];
  for (const label of ["a", "b"]) {
    const created = await request.post("/api/v1/domains", {
      headers: auth,
      data: { name: `e2e-${suffix}-${label}.example.com` },
    });
    expect(created.status()).toBe(201);
    domainIds.push(((await created.json()) as { data: { id: string } }).data.id);
  }
  expect((await request.get("/api/v1/domains?limit=1", { headers: auth })).status()).toBe(200);
  const domainPath = `/api/v1/domains/${domainIds[0]}`;
  expect((await request.get(domainPath, { headers: auth })).status()).toBe(200);

  const rows = page.getByTestId("access-log-row");
  await page.goto(`/settings/api-tokens/access-logs?token=${id}`);
  await expect(async () => {
    await page.reload();
    await expect(rows).toHaveCount(4, { timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
  // No button to press: filters apply as they change.
  await expect(page.getByRole("button", { name: "Apply filters" })).toHaveCount(0);

  // A text field applies once typing pauses, without Enter, and typing is never cut off.
  const pathField = page.getByLabel("Path contains");
  await pathField.pressSequentially("limit=1", { delay: 40 });
  await expect(page).toHaveURL(/path=limit%3D1/);
  await expect(rows).toHaveCount(1);
  await expect(pathField).toBeFocused();
  await expect(pathField).toHaveValue("limit=1");
  // A list's summary counts in words.
  await expect(rows.first()).toContainText("1 domain, more on the next page");

  // A successful GET of one domain is summarized by its name.
  await pathField.fill(domainPath);
  await expect(page).toHaveURL(new RegExp(`path=${encodeURIComponent(domainPath)}`));
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText(`e2e-${suffix}-a.example.com`);

  // A select applies at once, keeping the other filters.
  await pathField.fill("");
  await expect(page).not.toHaveURL(/path=/);
  await page.getByRole("combobox", { name: "Method" }).click();
  await page.getByRole("option", { name: "POST" }).click();
  await expect(page).toHaveURL(new RegExp(`token=${id}.*method=POST|method=POST.*token=${id}`));
  await expect(rows).toHaveCount(2);
  await expect(rows.first()).toContainText(`created e2e-${suffix}-b.example.com`);

  // An invalid value is explained and not applied.
  await page.getByLabel("Status code").fill("abc");
  await expect(page.getByText("Enter status codes such as 403, or 401,403.")).toBeVisible();
  await expect(page).not.toHaveURL(/code=/);
  // Enter still applies at once.
  await page.getByLabel("Status code").fill("201");
  await page.getByLabel("Status code").press("Enter");
  await expect(page).toHaveURL(/code=201/);
  await expect(rows).toHaveCount(2);

  // Clearing, then going back: the fields show the filters of the URL they are on.
  await page.getByRole("button", { name: "Clear filters" }).click();
  await expect(page).toHaveURL(/\/access-logs$/);
  await expect(page.getByLabel("Status code")).toHaveValue("");
  await page.goBack();
  await expect(page).toHaveURL(/code=201/);
  await expect(page.getByLabel("Status code")).toHaveValue("201");
  await expect(page.getByRole("combobox", { name: "Method" })).toHaveText("POST");

  // At 1280 px a revoked token's name is shown whole next to its badge.
  await withDb((client) =>
    client.query("UPDATE api_tokens SET revoked_at = now() WHERE id = $1", [id]),
  );
  await page.goto(`/settings/api-tokens/access-logs?token=${id}`);
  const tokenLink = rows.first().getByRole("link", { name, exact: true });
  await expect(rows.first().getByText("Revoked")).toBeVisible();
  const cut = await tokenLink.evaluate((link) => link.scrollWidth > link.clientWidth);
  expect(cut).toBe(false);
});
