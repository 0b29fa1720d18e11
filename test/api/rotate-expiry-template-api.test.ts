import { describe, expect, it } from "vitest";
import { rotateTokenOperation } from "@/app/api/v1/tokens/[id]/rotate/operations";
import { createTokenOperation } from "@/app/api/v1/tokens/operations";
import { addDaysToDateInput } from "@/components/tokens/format";
import { latestAllowedExpirationDate } from "@/lib/auth/token-lifetime-policy";
import { db } from "@/lib/db";
import { createApiToken, readError } from "@/test/api/helpers";
import { callOperation } from "@/test/api/operation-fixtures";
import { holdClock } from "@/test/clock";
import { createTestOrganization } from "@/test/factories";

// The API's side of the rotation dialog's expiry and the create dialog's templates:
// POST /api/v1/tokens/{id}/rotate takes `expiresOn`, POST /api/v1/tokens takes `template`.

async function organization(policyDays?: 30) {
  const { id } = await createTestOrganization({ plan: "PRO" });
  if (policyDays) {
    await db.organization.update({ where: { id }, data: { maxTokenLifetimeDays: policyDays } });
  }
  return id;
}

describe("POST /api/v1/tokens/{id}/rotate with expiresOn", () => {
  it("gives the new token the chosen date, and refuses one beyond the policy with 422", async () => {
    const clock = holdClock();
    const organizationId = await organization(30);
    const { token, row } = await createApiToken({ organizationId, scopes: ["tokens:write"] });
    const beyond = addDaysToDateInput(clock.now(), 45);
    const refused = await callOperation(
      rotateTokenOperation,
      { id: row.id },
      { method: "POST", token, body: { expiresOn: beyond } },
    );
    expect(refused.status).toBe(422);
    const error = await readError(refused);
    expect(error.code).toBe("validation_error");
    // The policy's message, on the field.
    expect(JSON.stringify(error.issues)).toMatch(/expiresOn.*at most 30 days/);

    const chosen = addDaysToDateInput(clock.now(), 20);
    const response = await callOperation(
      rotateTokenOperation,
      { id: row.id },
      { method: "POST", token, body: { expiresOn: chosen } },
    );
    expect(response.status).toBe(201);
    const { data } = (await response.json()) as { data: { expiresOn: string } };
    expect(data).toMatchObject({ expiresOn: chosen, expiryLimitedByPolicy: null });
  });
});

describe("POST /api/v1/tokens with a template", () => {
  it("records it, fills what the body leaves out, and refuses an unknown one", async () => {
    const clock = holdClock();
    const organizationId = await organization(30);
    const { token } = await createApiToken({
      organizationId,
      scopes: ["tokens:write", "logs:read", "audit:read"],
    });
    const response = await callOperation(
      createTokenOperation,
      {},
      { method: "POST", token, body: { name: "SIEM export", template: "log-export" } },
    );
    expect(response.status).toBe(201);
    const { data } = (await response.json()) as { data: Record<string, unknown> };
    expect(data).toMatchObject({
      template: "log-export",
      scopes: ["logs:read", "audit:read"],
      expiresOn: latestAllowedExpirationDate(30, clock.now()),
    });

    const unknown = await callOperation(
      createTokenOperation,
      {},
      { method: "POST", token, body: { name: "Everything", template: "everything" } },
    );
    expect(unknown.status).toBe(422);
    expect((await readError(unknown)).code).toBe("validation_error");
  });
});
