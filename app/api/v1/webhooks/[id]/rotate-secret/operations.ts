import { WEBHOOKS_TAG, webhookParamsSchema } from "@/app/api/v1/webhooks/shared";
import { defineOperation } from "@/lib/api/operation";
import { rotateWebhookSecret } from "@/lib/services/webhooks/endpoints";
import { webhookWithSecretResponseSchema } from "@/lib/validations/webhook";

// The operations of /api/v1/webhooks/{id}/rotate-secret (see lib/api/operation.ts).

export const rotateWebhookSecretOperation = defineOperation(
  {
    method: "POST",
    path: "/api/v1/webhooks/{id}/rotate-secret",
    operationId: "rotateWebhookSecret",
    summary: "Rotate a webhook's signing secret",
    description:
      "Replaces the signing secret. For 24 hours the previous secret signs too: `webhook-signature` carries both signatures (`previousSecretExpiresAt` says until when), so a receiver can switch without missing an event. The new secret is in `data.secret`, in this response only.",
    tag: WEBHOOKS_TAG,
    scope: "webhooks:write",
    params: webhookParamsSchema,
    responses: {
      201: {
        schema: webhookWithSecretResponseSchema,
        description: "The endpoint; `data.secret` holds the new secret, shown this once.",
      },
    },
  },
  async ({ token, principal, params, json, summarize }) => {
    const ctx = { principal, organizationId: token.organizationId };
    const { webhook, secret } = await rotateWebhookSecret(ctx, params.id);
    summarize({ response: `rotated the secret of webhook ${webhook.id}` });
    return json({ data: { ...webhook, secret } }, { status: 201 });
  },
);
