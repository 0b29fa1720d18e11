import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { updateTokenOperation } from "@/app/api/v1/tokens/[id]/operations";
import { rotateTokenOperation } from "@/app/api/v1/tokens/[id]/rotate/operations";
import { createTokenOperation } from "@/app/api/v1/tokens/operations";
import type { Operation } from "@/lib/api/operation";
import { latestAllowedExpirationDate } from "@/lib/auth/token-lifetime-policy";
import { db } from "@/lib/db";
import { SCOPES } from "@/lib/permissions";
import { createApiToken } from "@/test/api/helpers";
import { callOperation } from "@/test/api/operation-fixtures";
import { createTestOrganization, uniqueSuffix } from "@/test/factories";

// The organization's maximum token lifetime holds for tokens made and edited through the
// API as in the dashboard (the rule itself: lib/services/organizations).

let organizationId: string;
let admin: string;

beforeAll(async () => {
  organizationId = (await createTestOrganization({ plan: "PRO" })).id;
  admin = (await createApiToken({ organizationId, scopes: SCOPES, name: "Admin" })).token;
  await db.organization.update({
    where: { id: organizationId },
    data: { maxTokenLifetimeDays: 30 },
  });
});

afterAll(async () => {
  await db.$disconnect();
});

async function call(operation: Operation, body: object, params: Record<string, string> = {}) {
  const response = await callOperation(operation, params, { token: admin, body });
  return { status: response.status, json: await response.json() };
}

function dayAfter(date: string): string {
  const instant = new Date(`${date}T00:00:00.000Z`);
  instant.setUTCDate(instant.getUTCDate() + 1);
  return instant.toISOString().slice(0, 10);
}

describe("a 30-day lifetime policy through /api/v1/tokens", () => {
  it.each([
    ["a day beyond it", () => ({ expiresOn: dayAfter(latestAllowedExpirationDate(30)) })],
    ["no expiry", () => ({})],
  ])("refuses a token with %s: 422 on expiresOn naming the policy", async (_, body) => {
    const before = await db.apiToken.count({ where: { organizationId } });
    const { status, json } = await call(createTokenOperation, {
      name: `API ${uniqueSuffix()}`,
      ...body(),
    });
    expect(status).toBe(422);
    expect(json.error.code).toBe("validation_error");
    expect(json.error.issues).toContainEqual({
      path: "expiresOn",
      message: expect.stringContaining("token policy allows tokens to last at most 30 days"),
    });
    expect(await db.apiToken.count({ where: { organizationId } })).toBe(before);
  });

  it("creates one expiring on the last allowed day, and refuses moving it later", async () => {
    const latest = latestAllowedExpirationDate(30);
    const created = await call(createTokenOperation, {
      name: `API ${uniqueSuffix()}`,
      expiresOn: latest,
    });
    expect(created.status).toBe(201);

    const id = created.json.data.id as string;
    const moved = await call(updateTokenOperation, { expiresOn: dayAfter(latest) }, { id });
    expect(moved.status).toBe(422);
    expect(moved.json.error.issues[0].path).toBe("expiresOn");
    const stored = await db.apiToken.findUniqueOrThrow({ where: { id } });
    expect(stored.expiresAt?.toISOString().slice(0, 10)).toBe(latest);
  });

  it("clamps a successor to it when a token that never expires rotates itself, and says so", async () => {
    const { token, row } = await createApiToken({ organizationId, scopes: ["domains:read"] });
    const latest = latestAllowedExpirationDate(30);
    const response = await callOperation(
      rotateTokenOperation,
      { id: row.id },
      { method: "POST", token, body: {} },
    );
    expect(response.status).toBe(201);
    const { data } = await response.json();
    expect(data).toMatchObject({
      expiresOn: latest,
      expiryLimitedByPolicy: {
        maxLifetimeDays: 30,
        predecessorExpiresOn: null,
        message: `Your organization's token policy allows tokens to last at most 30 days, so the new token expires on ${latest} (00:00 UTC) instead of never.`,
      },
    });

    // Its successor already keeps to the policy: rotating it changes no expiry.
    const again = await callOperation(
      rotateTokenOperation,
      { id: data.id },
      { method: "POST", token: data.token, body: {} },
    );
    expect((await again.json()).data).toMatchObject({
      expiresOn: latest,
      expiryLimitedByPolicy: null,
    });
  });
});
