import { WEBHOOKS_TAG } from "@/app/api/v1/webhooks/shared";
import { defineOperation } from "@/lib/api/operation";
import { createWebhook, listWebhooks } from "@/lib/services/webhooks/endpoints";
import {
  createWebhookSchema,
  webhookListSchema,
  webhookWithSecretResponseSchema,
} from "@/lib/validations/webhook";

// The operations of /api/v1/webhooks: declaration and handler (see lib/api/operation.ts).

export const listWebhooksOperation = defineOperation(
  {
    method: "GET",
    path: "/api/v1/webhooks",
    operationId: "listWebhooks",
    summary: "List webhook endpoints",
    description:
      "The organization's webhook endpoints, newest first (at most 20). Never their signing secrets.",
    tag: WEBHOOKS_TAG,
    scope: "webhooks:read",
    responses: { 200: { schema: webhookListSchema, description: "Every endpoint." } },
  },
  async ({ token, principal, json, summarize }) => {
    const webhooks = await listWebhooks({ principal, organizationId: token.organizationId });
    summarize({ response: `${webhooks.length} webhook endpoint(s)` });
    return json({ data: webhooks });
  },
);

export const createWebhookOperation = defineOperation(
  {
    method: "POST",
    path: "/api/v1/webhooks",
    operationId: "createWebhook",
    summary: "Add a webhook endpoint",
    description:
      "Adds an endpoint that receives the chosen events, signed per Standard Webhooks (docs/webhooks.md). The signing secret (`whsec_…`) is in `data.secret`, in this response only. `https` only in production; the address must be public. At most 20 endpoints (409).",
    tag: WEBHOOKS_TAG,
    scope: "webhooks:write",
    body: createWebhookSchema,
    bodyExample: {
      url: "https://example.com/webhooks/mailshield",
      description: "Security alerts",
      eventTypes: ["token.created", "token.revoked", "token.exposed"],
    },
    responses: {
      201: {
        schema: webhookWithSecretResponseSchema,
        description: "The endpoint; `data.secret` holds its signing secret, shown this once.",
        headers: { Location: "URL of the new endpoint." },
      },
    },
    errors: ["conflict"],
  },
  async ({ token, principal, body, json, summarize }) => {
    const ctx = { principal, organizationId: token.organizationId };
    const { webhook, secret } = await createWebhook(ctx, body);
    summarize({ response: `created webhook ${webhook.id}` });
    return json(
      { data: { ...webhook, secret } },
      { status: 201, headers: { Location: `/api/v1/webhooks/${webhook.id}` } },
    );
  },
);
