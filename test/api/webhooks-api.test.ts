import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as deliveriesRoute from "@/app/api/v1/webhooks/[id]/deliveries/route";
import * as rotateRoute from "@/app/api/v1/webhooks/[id]/rotate-secret/route";
import * as webhookRoute from "@/app/api/v1/webhooks/[id]/route";
import * as webhooksRoute from "@/app/api/v1/webhooks/route";
import { db } from "@/lib/db";
import {
  webhookDeliveryListSchema,
  webhookListSchema,
  webhookResponseSchema,
  webhookWithSecretResponseSchema,
} from "@/lib/validations/webhook";
import { apiRequest, createApiTenant, readError, routeContext } from "@/test/api/helpers";
import { uniqueSuffix } from "@/test/factories";

// /api/v1/webhooks: the contract of each answer, the secret in the 201 of create and rotate
// only, and the webhooks scopes.

let token: string;
let readOnly: string;

beforeAll(async () => {
  const tenant = await createApiTenant("PRO", ["webhooks:write", "tokens:write"]);
  token = tenant.token;
  const reader = await createApiTenant("PRO", ["webhooks:read"]);
  readOnly = reader.token;
});

afterAll(async () => {
  await db.$disconnect();
});

async function create(): Promise<{ id: string; secret: string }> {
  const response = await webhooksRoute.POST(
    apiRequest("/api/v1/webhooks", {
      token,
      method: "POST",
      body: {
        url: `https://example.com/hooks/${uniqueSuffix()}`,
        description: "API test",
        eventTypes: ["token.created", "token.created", "audit.event"],
      },
    }),
  );
  expect(response.status).toBe(201);
  const { data } = webhookWithSecretResponseSchema.parse(await response.json());
  expect(response.headers.get("location")).toBe(`/api/v1/webhooks/${data.id}`);
  expect(data.eventTypes).toEqual(["token.created", "audit.event"]);
  return data;
}

describe("/api/v1/webhooks", () => {
  it("creates with the secret once; reads, lists and patches never show it", async () => {
    const { id, secret } = await create();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/=]{40,}$/);
    const context = routeContext({ id });
    const got = await webhookRoute.GET(apiRequest(`/api/v1/webhooks/${id}`, { token }), context);
    expect(got.status).toBe(200);
    const gotText = await got.text();
    expect(gotText).not.toContain("whsec_");
    webhookResponseSchema.parse(JSON.parse(gotText));
    const list = await webhooksRoute.GET(apiRequest("/api/v1/webhooks", { token }));
    const listText = await list.text();
    expect(listText).not.toContain("whsec_");
    expect(webhookListSchema.parse(JSON.parse(listText)).data.map((w) => w.id)).toContain(id);
    const patched = await webhookRoute.PATCH(
      apiRequest(`/api/v1/webhooks/${id}`, { token, method: "PATCH", body: { enabled: false } }),
      context,
    );
    expect(webhookResponseSchema.parse(await patched.json()).data).toMatchObject({
      enabled: false,
      disabledReason: "manual",
    });
  });

  it("rotates with the new secret in a 201, and the old one signs for 24 hours", async () => {
    const { id, secret } = await create();
    const response = await rotateRoute.POST(
      apiRequest(`/api/v1/webhooks/${id}/rotate-secret`, { token, method: "POST" }),
      routeContext({ id }),
    );
    expect(response.status).toBe(201);
    const { data } = webhookWithSecretResponseSchema.parse(await response.json());
    expect(data.secret).not.toBe(secret);
    expect(data.previousSecretExpiresAt).not.toBeNull();
  });

  it("lists deliveries and deletes with 204, then 404", async () => {
    const { id } = await create();
    const context = routeContext({ id });
    const deliveries = await deliveriesRoute.GET(
      apiRequest(`/api/v1/webhooks/${id}/deliveries?limit=10`, { token }),
      context,
    );
    expect(deliveries.status).toBe(200);
    webhookDeliveryListSchema.parse(await deliveries.json());
    const deleted = await webhookRoute.DELETE(
      apiRequest(`/api/v1/webhooks/${id}`, { token, method: "DELETE" }),
      context,
    );
    expect(deleted.status).toBe(204);
    const again = await webhookRoute.GET(apiRequest(`/api/v1/webhooks/${id}`, { token }), context);
    expect(again.status).toBe(404);
  });

  it("refuses a change without webhooks:write, and an unknown event type", async () => {
    const refused = await webhooksRoute.POST(
      apiRequest("/api/v1/webhooks", {
        token: readOnly,
        method: "POST",
        body: { url: "https://example.com/x", eventTypes: ["token.created"] },
      }),
    );
    expect(refused.status).toBe(403);
    expect((await readError(refused)).code).toBe("insufficient_scope");
    const invalid = await webhooksRoute.POST(
      apiRequest("/api/v1/webhooks", {
        token,
        method: "POST",
        body: { url: "ftp://example.com/x", eventTypes: ["token.deleted"] },
      }),
    );
    expect(invalid.status).toBe(422);
  });
});
