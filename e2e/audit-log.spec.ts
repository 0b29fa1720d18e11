import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import { hash } from "@node-rs/argon2";
import { expect, type Page, test } from "@playwright/test";
import pg from "pg";
import {
  createTokenInDashboard as createToken,
  DEMO_PASSWORD,
  screenshots,
  signIn,
  sql,
} from "./helpers";
import { type Account, addPerson, addTokens, createAccount } from "./support/accounts";
import { expectAccessible, OPEN_SELECT_EXCEPTIONS } from "./support/axe";
import { expectNoSidewaysScroll } from "./support/layout";

// The Audit Log shows who did what: the sign-in, a token created in the dashboard and a
// domain added by that token through the API, each with its actor; filtering by action
// narrows the list, and the CSV export holds the filtered events. A member (not an owner
// or admin) is told they cannot see it. Runs as the seeded Business demo owner.

const OWNER_EMAIL = "business@mailshield.test";

test.use({ permissions: ["clipboard-read", "clipboard-write"] });

/** The events as shown at this width: table rows on a wide screen. */
const eventRows = (page: Page) =>
  page
    .getByRole("table", { name: "Audit events" })
    .getByRole("row")
    .filter({ has: page.getByRole("cell") });

test("events show who did what; filtering by action and exporting CSV", async ({
  page,
  request,
}) => {
  const suffix = randomUUID().slice(0, 8);
  const tokenName = `E2E audit ${suffix}`;
  const domainName = `audit-${suffix}.example`;

  await signIn(page, OWNER_EMAIL);
  const { token } = await createToken(page, tokenName);
  const created = await request.post("/api/v1/domains", {
    headers: { Authorization: `Bearer ${token}` },
    data: { name: domainName },
  });
  expect(created.status()).toBe(201);

  await page
    .getByRole("navigation", { name: "Settings" })
    .getByRole("link", { name: "Audit Log" })
    .click();
  await expect(page).toHaveURL(/\/settings\/audit-log$/);
  await expect(page.getByRole("heading", { name: "Audit Log", level: 1 })).toBeVisible();

  const domainRow = eventRows(page).filter({ hasText: domainName });
  await expect(domainRow).toHaveCount(1);
  await expect(domainRow).toContainText("Domain added");
  await expect(domainRow).toContainText(tokenName);
  await expect(domainRow).toContainText("API token");
  const tokenRow = eventRows(page)
    .filter({ hasText: "Token created" })
    .filter({ hasText: tokenName });
  await expect(tokenRow).toHaveCount(1);
  await expect(tokenRow).toContainText("Person");
  await expect(eventRows(page).filter({ hasText: "Sign-in succeeded" }).first()).toBeVisible();

  // Filter by action with the keyboard: the select opens, the option is chosen, the URL follows.
  await page.getByLabel("Action").focus();
  await page.keyboard.press("Enter");
  await page.getByRole("option", { name: "Domain added" }).click();
  await expect(page).toHaveURL(/action=domain\.created/);
  await expect(eventRows(page).filter({ hasText: "Token created" })).toHaveCount(0);
  await expect(eventRows(page).filter({ hasText: domainName })).toHaveCount(1);

  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Export CSV" }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^audit-log-\d{8}-\d{6}\.csv$/);
  const lines = (await readFile(await download.path(), "utf8")).trimEnd().split("\r\n");
  expect(lines[0]).toBe(
    "timestamp_utc,action,action_label,actor_type,actor_id,actor_name,target_type,target_id,target_name,ip,details",
  );
  expect(lines.slice(1).every((line) => line.includes(",domain.created,Domain added,token,"))).toBe(
    true,
  );
  expect(lines.some((line) => line.includes(domainName))).toBe(true);
});

test("a member is told the audit log is for owners and admins", async ({ page }) => {
  const email = `member-${randomUUID().slice(0, 8)}@mailshield.test`;
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    const { rows } = await client.query<{ id: string }>(
      // The owner's own organization (the oldest membership; they also belong to Acme Labs).
      "SELECT o.id FROM organizations o JOIN memberships m ON m.organization_id = o.id JOIN users u ON u.id = m.user_id WHERE u.email = $1 ORDER BY m.created_at LIMIT 1",
      [OWNER_EMAIL],
    );
    const user = await client.query<{ id: string }>(
      "INSERT INTO users (id, email, name, password_hash, updated_at) VALUES (gen_random_uuid(), $1, 'E2E Member', $2, now()) RETURNING id",
      [email, await hash(DEMO_PASSWORD)],
    );
    await client.query(
      "INSERT INTO memberships (id, organization_id, user_id, role) VALUES (gen_random_uuid(), $1, $2, 'MEMBER')",
      [rows[0]?.id, user.rows[0]?.id],
    );
  } finally {
    await client.end();
  }
  await signIn(page, email);
  await page.goto("/settings/audit-log");
  await expect(page.getByRole("heading", { name: "You can't view the audit log" })).toBeVisible();
  await expect(page.getByText("Only owners and admins can view the audit log.")).toBeVisible();
  await expect(page.getByRole("link", { name: "Export CSV" })).toHaveCount(0);
  const refused = await page.request.get("/api/audit-log/export");
  expect(refused.status()).toBe(403);
});

/** An audit event as the services write it, straight into the table (it only takes inserts). */
async function auditEvent(
  account: Account,
  event: {
    actorId: string;
    action: string;
    targetType: string;
    targetId?: string;
    metadata?: Record<string, unknown>;
    secondsAgo: number;
  },
) {
  await sql(
    `INSERT INTO audit_events (id, organization_id, actor_id, action, target_type, target_id,
       metadata, ip, created_at)
     VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, $6, '198.51.100.20',
       now() - make_interval(secs => $7))`,
    [
      account.organizationId,
      event.actorId,
      event.action,
      event.targetType,
      event.targetId ?? null,
      JSON.stringify(event.metadata ?? {}),
      event.secondsAgo,
    ],
  );
}

/**
 * An organization whose log holds one change of each kind (recorded as the services record
 * them), sign-ins, and Bob, who acted, then was removed. Two tokens share a name: the
 * first was rotated into the second.
 */
async function organizationWithHistory() {
  const account = await createAccount("PRO", "audit");
  const bob = await addPerson(account, { role: "MEMBER", label: "bob", name: "Bob Builder" });
  const [old] = await addTokens(account, 1, "Deploy");
  const [successor] = await addTokens(account, 1, "Deploy");
  await sql(
    `UPDATE api_tokens SET rotated_at = now(), rotation_ends_at = now() + interval '1 hour',
       successor_id = $2 WHERE id = $1`,
    [old!.id, successor!.id],
  );
  const ada = account.userId;
  const events = [
    { actorId: bob.userId, action: "user.signed_in", targetType: "user", targetId: bob.userId },
    {
      actorId: ada,
      action: "token.updated",
      targetType: "api_token",
      targetId: successor!.id,
      metadata: {
        name: "Deploy 1",
        changes: {
          description: { before: null, after: "Ships the site" },
          expirationDate: { before: "2027-01-06", after: null },
          ipAllowlist: { before: ["203.0.113.0/24"], after: ["203.0.113.0/24", "10.0.0.0/8"] },
          scopes: { before: ["domains:read", "domains:write"], after: ["domains:read"] },
        },
      },
    },
    {
      actorId: ada,
      action: "policy.changed",
      targetType: "organization",
      metadata: { changes: { maxTokenLifetimeDays: { before: null, after: 90 } } },
    },
    {
      actorId: ada,
      action: "plan.changed",
      targetType: "organization",
      metadata: { changes: { plan: { before: "PRO", after: "BUSINESS" } } },
    },
    {
      actorId: ada,
      action: "member.role_changed",
      targetType: "user",
      targetId: bob.userId,
      metadata: { email: bob.email, changes: { role: { before: "MEMBER", after: "ADMIN" } } },
    },
    {
      actorId: ada,
      action: "member.removed",
      targetType: "user",
      targetId: bob.userId,
      metadata: { email: bob.email, role: "ADMIN", revokedTokens: 0 },
    },
    { actorId: ada, action: "user.sign_in_failed", targetType: "user", targetId: ada },
  ];
  for (const [index, event] of events.entries()) {
    await auditEvent(account, { ...event, secondsAgo: 600 - index * 60 });
  }
  await sql("DELETE FROM memberships WHERE user_id = $1", [bob.userId]);
  return { account, bob, old: old!, successor: successor! };
}

const lastFourOf = async (tokenId: string) =>
  (await sql<{ last_four: string }>("SELECT last_four FROM api_tokens WHERE id = $1", [tokenId]))[0]
    ?.last_four;

for (const width of [1280, 390]) {
  test.describe(`audit log details at ${width}px`, () => {
    test.use({ viewport: { width, height: 900 } });

    test("changes read old → new; sign-ins hide with one checkbox; a removed member stays in the Actor filter", async ({
      page,
    }) => {
      const { account, bob, old, successor } = await organizationWithHistory();
      await signIn(page, account.email);
      await page.goto("/settings/audit-log");
      await expect(page.getByRole("heading", { name: "Audit Log", level: 1 })).toBeVisible();

      // Each event as rows (wide) or stacked records (phone): the same text either way.
      const event = (label: string) =>
        page
          .getByRole("table", { name: "Audit events" })
          .getByRole("row")
          .filter({ hasText: label });
      const edited = event("Token updated");
      await expect(edited).toContainText(/Description: none\s*→\s*to\s*Ships the site/);
      await expect(edited).toContainText(/Expires: Jan 6, 2027\s*→\s*to\s*Never/);
      await expect(edited).toContainText(/IP allowlist:\s*added 10\.0\.0\.0\/8/);
      await expect(edited).toContainText(
        /Permissions: Domains: read & write\s*→\s*to\s*Domains: read; removed domains:write/,
      );
      await expect(edited).not.toContainText("ipAllowlist");
      await expect(event("Policy changed")).toContainText(
        /Maximum token lifetime: No maximum\s*→\s*to\s*90 days/,
      );
      await expect(event("Plan changed")).toContainText(/Plan: Pro\s*→\s*to\s*Business/);
      await expect(event("Member role changed")).toContainText(/Role: Member\s*→\s*to\s*Admin/);
      await expect(event("Member removed")).toContainText("Role: Admin");
      // Bob's, and Ada's own just now.
      await expect(event("Sign-in succeeded")).toHaveCount(2);
      await expect(event("Sign-in failed")).toHaveCount(1);
      for (const probe of [1280, 1024, 800, 390]) {
        await page.setViewportSize({ width: probe, height: 900 });
        await expectNoSidewaysScroll(page, `audit log with details at ${probe}px`);
        await expectAccessible(page, `audit log with details at ${probe}px`);
      }
      await page.setViewportSize({ width, height: 900 });
      if (width === 1280) await screenshots(page, "audit-log-details");

      // Hide sign-ins: one checkbox, kept in the URL and across a reload.
      const hide = page.getByRole("checkbox", { name: "Hide sign-ins" });
      await hide.check();
      await expect(page).toHaveURL(/hideSignIns=true/);
      await expect(event("Sign-in succeeded")).toHaveCount(0);
      await expect(event("Sign-in failed")).toHaveCount(0);
      await expect(event("Plan changed")).toHaveCount(1);
      await page.reload();
      await expect(page.getByRole("checkbox", { name: "Hide sign-ins" })).toBeChecked();
      await expect(event("Sign-in succeeded")).toHaveCount(0);
      await page.getByRole("checkbox", { name: "Hide sign-ins" }).uncheck();
      await expect(page).not.toHaveURL(/hideSignIns/);
      await expect(event("Sign-in succeeded")).toHaveCount(2);

      // The Actor filter: Bob, removed, still listed; the two "Deploy 1" tokens told apart.
      await page.getByLabel("Actor").click();
      await expect(
        page.getByRole("option", {
          name: `Token: Deploy 1 …${await lastFourOf(old.id)} (rotated)`,
        }),
      ).toBeVisible();
      await expect(
        page.getByRole("option", {
          name: `Token: Deploy 1 …${await lastFourOf(successor.id)}`,
          exact: true,
        }),
      ).toBeVisible();
      await expectAccessible(page, `audit actor filter open at ${width}px`, OPEN_SELECT_EXCEPTIONS);
      await page.getByRole("option", { name: `Bob Builder (${bob.email}), removed` }).click();
      await expect(page).toHaveURL(new RegExp(`actor=user%3A${bob.userId}`));
      await expect(event("Sign-in succeeded")).toHaveCount(1);
      await expect(event("Plan changed")).toHaveCount(0);
    });
  });
}
