import { describe, expect, it } from "vitest";
import type { UserPrincipal } from "@/lib/auth/principal";
import { dateFromExpiryInstant } from "@/lib/auth/token-expiry";
import { latestAllowedExpirationDate } from "@/lib/auth/token-lifetime-policy";
import { db } from "@/lib/db";
import { holdClock } from "@/test/clock";
import { expectAppError } from "@/test/expect-app-error";
import { createTestTenant } from "@/test/factories";
import { createToken, getToken, rotateToken } from "./index";

// A token created from a template (lib/rules/token-templates.ts) records it; the dashboard's
// form sends every field, the API may leave the template to fill scopes and expiry.

async function tenant(policyDays?: 30 | 90 | 365) {
  const { organization, user } = await createTestTenant({ plan: "PRO" });
  if (policyDays) {
    await db.organization.update({
      where: { id: organization.id },
      data: { maxTokenLifetimeDays: policyDays },
    });
  }
  const principal: UserPrincipal = { kind: "user", userId: user.id, ip: "203.0.113.10" };
  return { principal, organizationId: organization.id };
}

const name = () => `Template ${Math.random().toString(36).slice(2, 10)}`;

describe("createToken from a template", () => {
  it("records the template, shows it in the summary, audits it, and a rotation keeps it", async () => {
    const ctx = await tenant();
    const created = await createToken(ctx, {
      name: name(),
      scopes: ["domains:read"],
      expiresOn: null,
      template: "monitoring",
    });
    expect(created.summary.template).toBe("monitoring");
    // What was sent wins over the template's suggestions.
    expect(created.summary.scopes).toEqual(["domains:read"]);
    expect(created.summary.expiresAt).toBeNull();
    const audit = await db.auditEvent.findFirstOrThrow({
      where: { targetId: created.summary.id, action: "token.created" },
    });
    expect(audit.metadata).toMatchObject({ template: "monitoring" });

    const rotated = await rotateToken(ctx, {
      tokenId: created.summary.id,
      gracePeriodSeconds: 0,
      expireOnFirstUse: false,
    });
    expect((await getToken(ctx, rotated.summary.id)).template).toBe("monitoring");
  });

  it("records none for a token made from scratch", async () => {
    const ctx = await tenant();
    const created = await createToken(ctx, { name: name() });
    expect(created.summary.template).toBeNull();
  });

  it("fills the scopes and suggested lifetime the input leaves out, within the policy", async () => {
    const clock = holdClock();
    const ctx = await tenant(30);
    const created = await createToken(ctx, { name: name(), template: "log-export" });
    expect(created.summary.scopes).toEqual(["logs:read", "audit:read"]);
    // Log export suggests 90 days; the policy allows 30.
    expect(dateFromExpiryInstant(created.summary.expiresAt as Date)).toBe(
      latestAllowedExpirationDate(30, clock.now()),
    );
  });

  it("refuses a template it does not know, creating nothing", async () => {
    const ctx = await tenant();
    const error = await expectAppError(
      createToken(ctx, { name: name(), template: "everything" }),
      "validation_error",
    );
    expect(error.fieldErrors?.template?.[0]).toMatch(/^Unknown template; the templates are/);
    expect(await db.apiToken.count({ where: { organizationId: ctx.organizationId } })).toBe(0);
  });
});
