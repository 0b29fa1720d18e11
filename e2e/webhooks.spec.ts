import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, type Page, test } from "@playwright/test";
import { Webhook } from "standardwebhooks";
import { createTokenInDashboard, screenshots, signUp, sql, uniqueTokenName } from "./helpers";
import { expectAccessible } from "./support/axe";
import { expectNoSidewaysScroll } from "./support/layout";

// Settings → Webhooks end to end: an owner adds an endpoint (a receiver this spec starts
// on a free port), copies the secret shown once, creates a token, and sees the signed
// token.created delivery arrive at the receiver and in the endpoint's delivery log.

test.use({ permissions: ["clipboard-read", "clipboard-write"] });

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

let server: Server;
let receiverUrl: string;
const received: Received[] = [];

test.beforeAll(async () => {
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      received.push({ headers: request.headers, body: Buffer.concat(chunks).toString("utf8") });
      response.writeHead(200).end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  receiverUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/mailshield`;
});

test.afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

async function accessibleAtBothWidths(page: Page, state: string) {
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
    await expectAccessible(page, `${state} at ${width}px`);
    await expectNoSidewaysScroll(page, `${state} at ${width}px`);
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

test("an endpoint receives a signed token.created and shows it in its delivery log", async ({
  page,
}) => {
  test.setTimeout(120_000);
  const email = await signUp(page, "webhooks", "webhooks-e2e-password-1");
  // A plan with API access, to create the token that sets off the event.
  await sql(
    `UPDATE organizations SET plan = 'PRO' WHERE id =
       (SELECT organization_id FROM memberships m JOIN users u ON u.id = m.user_id WHERE u.email = $1)`,
    [email],
  );

  await page
    .getByRole("navigation", { name: "Settings" })
    .getByRole("link", { name: "Webhooks" })
    .click();
  await expect(page.getByRole("heading", { level: 1, name: "Webhooks" })).toBeVisible();
  await expect(page.getByText("No webhook endpoints yet")).toBeVisible();
  await accessibleAtBothWidths(page, "webhooks, empty");

  await page.getByRole("button", { name: "Add endpoint" }).click();
  const add = page.getByRole("dialog", { name: "Add a webhook endpoint" });
  await add.getByLabel("Endpoint URL").fill(receiverUrl);
  await add.getByRole("textbox", { name: /^Description/ }).fill("E2E receiver");
  await add.getByRole("checkbox", { name: /^audit\.event/ }).check();
  await accessibleAtBothWidths(page, "add endpoint dialog");
  await add.getByRole("button", { name: "Add endpoint" }).click();

  const reveal = page.getByRole("dialog", { name: "Copy the signing secret" });
  const secret = await reveal.getByLabel("Signing secret").inputValue();
  expect(secret).toMatch(/^whsec_/);
  // The copy guard: closing before copying asks first.
  await reveal.getByRole("button", { name: "Done" }).click();
  await expect(
    page.getByRole("dialog", { name: "Close without copying the secret?" }),
  ).toBeVisible();
  await page.getByRole("button", { name: "Go back to the secret" }).click();
  await accessibleAtBothWidths(page, "secret reveal");
  await reveal.getByRole("button", { name: "Copy" }).click();
  await reveal.getByRole("button", { name: "Done" }).click();
  await expect(reveal).toBeHidden();
  await expect(page.getByRole("link", { name: receiverUrl })).toBeVisible();
  await accessibleAtBothWidths(page, "webhooks with an endpoint");
  await screenshots(page, "webhooks-list");

  // Trigger an event: create a token.
  const name = uniqueTokenName("webhook");
  const { id: tokenId } = await createTokenInDashboard(page, name);
  const tokenCreated = () =>
    received.find((r) => (JSON.parse(r.body) as { type: string }).type === "token.created");
  await expect.poll(tokenCreated, { timeout: 30_000 }).toBeTruthy();
  const delivery = tokenCreated()!;
  const payload = new Webhook(secret).verify(delivery.body, {
    "webhook-id": String(delivery.headers["webhook-id"]),
    "webhook-timestamp": String(delivery.headers["webhook-timestamp"]),
    "webhook-signature": String(delivery.headers["webhook-signature"]),
  }) as { type: string; data: { tokenId: string } };
  expect(payload).toMatchObject({ type: "token.created", data: { tokenId } });

  await page.goto("/settings/webhooks");
  await page.getByRole("link", { name: receiverUrl }).click();
  await expect(page.getByRole("heading", { level: 1, name: receiverUrl })).toBeVisible();
  const log = page.getByRole("table", { name: "Deliveries" });
  await expect(async () => {
    await page.reload();
    await expect(
      log.getByRole("row").filter({ hasText: "token.created" }).filter({ hasText: "Delivered" }),
    ).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
  await expect(
    log.getByRole("row").filter({ hasText: String(delivery.headers["webhook-id"]) }),
  ).toContainText("200");
  await accessibleAtBothWidths(page, "endpoint with deliveries");

  // Rotate: confirmation, then the new secret once.
  await page.getByRole("button", { name: "Rotate secret" }).click();
  await accessibleAtBothWidths(page, "rotate confirmation");
  await page.getByRole("alertdialog").getByRole("button", { name: "Rotate secret" }).click();
  const rotated = page.getByRole("dialog", { name: "Copy the new signing secret" });
  await rotated.getByRole("button", { name: "Copy" }).click();
  await rotated.getByRole("button", { name: "Done" }).click();
  await expect(page.getByText("Old secret signs until")).toBeVisible();

  // Send a test event and disable.
  await page.getByRole("button", { name: "Send test event" }).click();
  await expect(page.getByText("Test event queued", { exact: true })).toBeVisible();
  await expect(async () => {
    await page.reload();
    await expect(
      log.getByRole("row").filter({ hasText: "webhook.test" }).filter({ hasText: "Delivered" }),
    ).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
  await page.getByRole("button", { name: "Disable" }).click();
  await expect(page.getByRole("button", { name: "Enable" })).toBeVisible();
  await expect(page.getByText("Disabled", { exact: true })).toBeVisible();
  await screenshots(page, "webhooks-endpoint");
  for (const width of [1024, 800]) {
    await page.setViewportSize({ width, height: 900 });
    await expectNoSidewaysScroll(page, `endpoint at ${width}px`);
  }
});
