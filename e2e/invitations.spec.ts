import { createHash, randomBytes, randomUUID } from "node:crypto";
import { expect, type Page, test } from "@playwright/test";
import { signIn, sql } from "./helpers";
import { createAccount } from "./support/accounts";
import { expectAccessible } from "./support/axe";
import { expectNoSidewaysScroll } from "./support/layout";

// The invite page (/invite/<code>) in each of its states, and signing up through an
// invitation. Invitations are written straight to the database with a known code (only its
// SHA-256 is stored, as the app does); the Members page's own flow is covered elsewhere.

type InvitationState = "valid" | "expired" | "revoked" | "accepted";

async function invitation(
  options: { state?: InvitationState; email?: string; role?: string } = {},
) {
  const owner = await createAccount("PRO", "inviter");
  const code = randomBytes(32).toString("base64url");
  const email = options.email ?? `e2e-invitee-${randomUUID().slice(0, 8)}@example.test`;
  const state = options.state ?? "valid";
  await sql(
    `INSERT INTO invitations (id, organization_id, email, role, code_hash, invited_by_id,
       expires_at, accepted_at, revoked_at)
     VALUES ($1, $2, $3, $4::"Role", $5, $6, now() + $7::interval,
       CASE WHEN $8 = 'accepted' THEN now() END, CASE WHEN $8 = 'revoked' THEN now() END)`,
    [
      randomUUID(),
      owner.organizationId,
      email,
      options.role ?? "ADMIN",
      createHash("sha256").update(code).digest("hex"),
      owner.userId,
      state === "expired" ? "-1 minute" : "7 days",
      state,
    ],
  );
  const [organization] = await sql<{ name: string }>(
    "SELECT name FROM organizations WHERE id = $1",
    [owner.organizationId],
  );
  return { owner, code, email, organizationName: organization?.name ?? "" };
}

async function expectState(page: Page, path: string, heading: string, state: string) {
  await page.goto(path);
  await expect(page.getByRole("heading", { level: 1, name: heading })).toBeVisible();
  await expectAccessible(page, state);
  await expectNoSidewaysScroll(page, state);
}

for (const width of [1280, 390]) {
  test.describe(`invite page at ${width} px`, () => {
    test.use({ viewport: { width, height: 800 } });

    test("says plainly when a link is unknown, expired, revoked or used", async ({ page }) => {
      await expectState(
        page,
        `/invite/${"x".repeat(43)}`,
        "This invitation link is not valid",
        "invite: unknown",
      );
      await expectState(
        page,
        "/invite/%3Cscript%3E",
        "This invitation link is not valid",
        "invite: malformed",
      );
      for (const [state, heading] of [
        ["expired", "This invitation has expired"],
        ["revoked", "This invitation was revoked"],
        ["accepted", "This invitation has already been used"],
      ] as const) {
        const { code } = await invitation({ state });
        await expectState(page, `/invite/${code}`, heading, `invite: ${state}`);
      }
    });

    test("a signed-out visitor is offered sign-in and sign-up", async ({ page }) => {
      const { code, organizationName } = await invitation({ role: "ADMIN" });
      await page.goto(`/invite/${code}`);
      await expect(
        page.getByRole("heading", {
          level: 1,
          name: `Ada Lovelace invited you to join ${organizationName} as an Admin`,
        }),
      ).toBeVisible();
      await expectAccessible(page, "invite: signed out");
      await expectNoSidewaysScroll(page, "invite: signed out");
      await expect(page.getByRole("link", { name: "Sign in to accept" })).toHaveAttribute(
        "href",
        `/login?callbackUrl=${encodeURIComponent(`/invite/${code}`)}`,
      );
    });
  });
}

test("signing up through an invitation joins the inviting organization", async ({ page }) => {
  const { code, email, organizationName } = await invitation({ role: "MEMBER" });
  await page.goto(`/invite/${code}`);
  await page.getByRole("link", { name: "Create an account" }).click();
  await expect(
    page.getByRole("heading", { name: `Create your account to join ${organizationName}` }),
  ).toBeVisible();
  const emailField = page.getByLabel("Email");
  await expect(emailField).toHaveValue(email);
  await expect(emailField).toHaveAttribute("readonly", "");
  await expect(page.getByLabel("Organization name")).toHaveCount(0);
  await expectAccessible(page, "sign-up through an invitation");

  await page.getByLabel("Your name").fill("Grace Hopper");
  await page.getByLabel("Password").fill("a long enough passphrase for grace");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/settings\/api-tokens$/, { timeout: 30_000 });
  await expect(page.getByText(organizationName).first()).toBeVisible();

  const memberships = await sql<{ name: string; role: string }>(
    `SELECT o.name, m.role::text AS role FROM memberships m
     JOIN organizations o ON o.id = m.organization_id
     JOIN users u ON u.id = m.user_id WHERE u.email = $1`,
    [email],
  );
  expect(memberships).toEqual([{ name: organizationName, role: "MEMBER" }]);

  // The link is used up.
  await page.goto(`/invite/${code}`);
  await expect(
    page.getByRole("heading", { name: "This invitation has already been used" }),
  ).toBeVisible();
});

test("a signed-in user joins with one button; another address is told whose it is", async ({
  page,
}) => {
  const invitee = await createAccount("FREE", "invitee");
  const { code, organizationName } = await invitation({ email: invitee.email, role: "ADMIN" });
  const other = await invitation();

  await signIn(page, invitee.email);
  await page.goto(`/invite/${other.code}`);
  await expect(page.getByText(`This invitation is for ${other.email}`)).toBeVisible();
  await expectAccessible(page, "invite: signed in as another address");
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(
    new RegExp(`/login\\?callbackUrl=${encodeURIComponent(`/invite/${other.code}`)}`),
  );

  await signIn(page, invitee.email);
  await page.goto(`/invite/${code}`);
  await expectAccessible(page, "invite: signed in as the invited address");
  await page.getByRole("button", { name: `Join ${organizationName}` }).click();
  await expect(page).toHaveURL(/\/settings\/api-tokens$/, { timeout: 30_000 });
  // Joined with the invited role, and the organization is this browser's current one.
  const [membership] = await sql<{ role: string }>(
    `SELECT m.role::text AS role FROM memberships m JOIN organizations o
     ON o.id = m.organization_id WHERE m.user_id = $1 AND o.name = $2`,
    [invitee.userId, organizationName],
  );
  expect(membership).toEqual({ role: "ADMIN" });
  const cookies = await page.context().cookies();
  const [joined] = await sql<{ id: string }>("SELECT id FROM organizations WHERE name = $1", [
    organizationName,
  ]);
  expect(cookies.find((cookie) => cookie.name === "ms_org")?.value).toBe(joined?.id);
});
