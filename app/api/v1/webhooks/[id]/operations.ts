import { WEBHOOKS_TAG, webhookParamsSchema } from "@/app/api/v1/webhooks/shared";
import { defineOperation } from "@/lib/api/operation";
import { deleteWebhook, getWebhook, updateWebhook } from "@/lib/services/webhooks/endpoints";
import { updateWebhookSchema, webhookResponseSchema } from "@/lib/validations/webhook";

// The operations of /api/v1/webhooks/{id}: declaration and handler (see lib/api/operation.ts).

export const getWebhookOperation = defineOperation(
  {
    method: "GET",
    path: "/api/v1/webhooks/{id}",
    operationId: "getWebhook",
    summary: "Get a webhook endpoint",
    tag: WEBHOOKS_TAG,
    scope: "webhooks:read",
    params: webhookParamsSchema,
    responses: { 200: { schema: webhookResponseSchema, description: "The endpoint." } },
  },
  async ({ token, principal, params, json, summarize }) => {
    const webhook = await getWebhook(
      { principal, organizationId: token.organizationId },
      params.id,
    );
    summarize({ response: webhook.id });
    return json({ data: webhook });
  },
);

export const updateWebhookOperation = defineOperation(
  {
    method: "PATCH",
    path: "/api/v1/webhooks/{id}",
    operationId: "updateWebhook",
    summary: "Change a webhook endpoint",
    description:
      "Changes the URL, description or event types, or disables (`enabled: false`) or enables it again. Enabling an endpoint MailShield disabled after 3 days of failures starts afresh.",
    tag: WEBHOOKS_TAG,
    scope: "webhooks:write",
    params: webhookParamsSchema,
    body: updateWebhookSchema,
    bodyExample: { enabled: false },
    responses: { 200: { schema: webhookResponseSchema, description: "The endpoint as changed." } },
  },
  async ({ token, principal, params, body, json, summarize }) => {
    const ctx = { principal, organizationId: token.organizationId };
    const webhook = await updateWebhook(ctx, params.id, body);
    summarize({ response: `updated webhook ${webhook.id}` });
    return json({ data: webhook });
  },
);

export const deleteWebhookOperation = defineOperation(
  {
    method: "DELETE",
    path: "/api/v1/webhooks/{id}",
    operationId: "deleteWebhook",
    summary: "Delete a webhook endpoint",
    description: "Deletes the endpoint and its delivery log. Answers 204 with no body.",
    tag: WEBHOOKS_TAG,
    scope: "webhooks:write",
    params: webhookParamsSchema,
    responses: { 204: { schema: null, description: "Deleted." } },
  },
  async ({ token, principal, params, noContent, summarize }) => {
    const ctx = { principal, organizationId: token.organizationId };
    const deleted = await deleteWebhook(ctx, params.id);
    summarize({ response: `deleted webhook ${deleted.id}` });
    return noContent();
  },
);
