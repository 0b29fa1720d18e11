import { WEBHOOKS_TAG, webhookParamsSchema } from "@/app/api/v1/webhooks/shared";
import { defineOperation } from "@/lib/api/operation";
import { listDeliveries } from "@/lib/services/webhooks/deliveries";
import { deliveriesQuerySchema, webhookDeliveryListSchema } from "@/lib/validations/webhook";

// The operations of /api/v1/webhooks/{id}/deliveries (see lib/api/operation.ts).

export const listWebhookDeliveriesOperation = defineOperation(
  {
    method: "GET",
    path: "/api/v1/webhooks/{id}/deliveries",
    operationId: "listWebhookDeliveries",
    summary: "List a webhook's deliveries",
    description:
      "The endpoint's newest deliveries: event, status, response code, duration, attempts and the next retry. `eventId` is the `webhook-id` header, the same on every attempt.",
    tag: WEBHOOKS_TAG,
    scope: "webhooks:read",
    params: webhookParamsSchema,
    query: deliveriesQuerySchema,
    responses: {
      200: { schema: webhookDeliveryListSchema, description: "The newest deliveries." },
    },
  },
  async ({ token, principal, params, query, json, summarize }) => {
    const ctx = { principal, organizationId: token.organizationId };
    const deliveries = await listDeliveries(ctx, params.id, query.limit);
    summarize({ response: `${deliveries.length} deliveries` });
    return json({ data: deliveries });
  },
);
