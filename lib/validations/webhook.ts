import { z } from "zod";
import { singleLineText } from "@/lib/validations/single-line-text";
import { WEBHOOK_EVENT_TYPES, WEBHOOK_TEST_EVENT } from "@/lib/webhooks/events";

// What the webhook forms and /api/v1/webhooks accept and answer. Client-safe: the form
// validates with the same schemas. Whether a URL may be plain http (not in production) and
// whether its address is public are judged by the server (lib/services/webhooks).

export const MAX_WEBHOOK_URL_LENGTH = 2000;
export const MAX_WEBHOOK_DESCRIPTION_LENGTH = 500;

/** An absolute http(s) URL without credentials or a fragment. */
export const webhookUrlSchema = z
  .string({ error: "Enter the endpoint's URL" })
  .trim()
  .min(1, { error: "Enter the endpoint's URL" })
  .max(MAX_WEBHOOK_URL_LENGTH, {
    error: `The URL must be at most ${MAX_WEBHOOK_URL_LENGTH} characters`,
  })
  .refine(
    (value) => {
      try {
        const url = new URL(value);
        return (url.protocol === "https:" || url.protocol === "http:") && url.hostname !== "";
      } catch {
        return false;
      }
    },
    { error: "Enter an absolute URL starting with https://" },
  )
  .refine((value) => !URL.canParse(value) || !new URL(value).username, {
    error: "The URL must not contain a user name or password",
  })
  .refine((value) => !value.includes("#"), { error: "The URL must not contain a fragment (#)" })
  .meta({
    description: "Where events are POSTed. `https` only in production.",
    examples: ["https://example.com/webhooks/mailshield"],
  });

const descriptionSchema = singleLineText(
  z
    .string()
    .trim()
    .max(MAX_WEBHOOK_DESCRIPTION_LENGTH, {
      error: `The description must be at most ${MAX_WEBHOOK_DESCRIPTION_LENGTH} characters`,
    }),
  "The description",
).meta({ description: "What the endpoint is for (shown in the dashboard)." });

const eventTypesSchema = z
  .array(z.enum(WEBHOOK_EVENT_TYPES, { error: "Unknown event type" }))
  .min(1, { error: "Choose at least one event" })
  .max(WEBHOOK_EVENT_TYPES.length)
  .transform((types) => [...new Set(types)])
  .meta({ description: "The events the endpoint receives." });

export const createWebhookSchema = z.strictObject(
  {
    url: webhookUrlSchema,
    description: descriptionSchema.default(""),
    eventTypes: eventTypesSchema,
  },
  { error: "Request body must be a JSON object" },
);
export type CreateWebhookInput = z.output<typeof createWebhookSchema>;

export const updateWebhookSchema = z
  .strictObject(
    {
      url: webhookUrlSchema.optional(),
      description: descriptionSchema.optional(),
      eventTypes: eventTypesSchema.optional(),
      enabled: z
        .boolean()
        .optional()
        .meta({ description: "false disables the endpoint; true enables it again." }),
    },
    { error: "Request body must be a JSON object" },
  )
  .refine((value) => Object.values(value).some((field) => field !== undefined), {
    error: "Give at least one field to change",
  });
export type UpdateWebhookInput = z.output<typeof updateWebhookSchema>;

const eventTypeOut = z.enum([...WEBHOOK_EVENT_TYPES, WEBHOOK_TEST_EVENT]);

/** An endpoint as /api/v1 returns it: never its secret, except once (`secret` below). */
export const webhookSchema = z.object({
  id: z.uuid(),
  url: z.string(),
  description: z.string(),
  eventTypes: z.array(z.enum(WEBHOOK_EVENT_TYPES)),
  enabled: z.boolean(),
  disabledReason: z
    .enum(["manual", "failing"])
    .nullable()
    .meta({ description: "`failing`: disabled by MailShield after 3 days of failed deliveries." }),
  failingSince: z.iso
    .datetime()
    .nullable()
    .meta({ description: "The first failed delivery since the last success." }),
  previousSecretExpiresAt: z.iso
    .datetime()
    .nullable()
    .meta({ description: "Until then, after a rotation, the old secret signs too." }),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type WebhookJson = z.output<typeof webhookSchema>;

export const webhookResponseSchema = z.object({ data: webhookSchema });
export const webhookListSchema = z.object({ data: z.array(webhookSchema) });

/** Create and rotate only: the signing secret, shown this once. */
export const webhookWithSecretSchema = webhookSchema.extend({
  secret: z.string().meta({
    description: "The signing secret (`whsec_…`). Shown only in this answer.",
    examples: ["whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"],
  }),
});
export const webhookWithSecretResponseSchema = z.object({ data: webhookWithSecretSchema });

export const WEBHOOK_DELIVERY_STATUSES = ["pending", "sending", "succeeded", "failed"] as const;

export const webhookDeliverySchema = z.object({
  id: z.uuid(),
  eventId: z.string().meta({ description: "The `webhook-id` header: the same on every attempt." }),
  eventType: eventTypeOut,
  status: z.enum(WEBHOOK_DELIVERY_STATUSES),
  attempts: z.int(),
  responseStatus: z.int().nullable(),
  durationMs: z.int().nullable(),
  lastError: z.string().nullable(),
  nextAttemptAt: z.iso.datetime().nullable(),
  lastAttemptAt: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime(),
  payload: z.unknown().meta({ description: "The JSON body that is sent." }),
});
export type WebhookDeliveryJson = z.output<typeof webhookDeliverySchema>;

export const webhookDeliveryListSchema = z.object({ data: z.array(webhookDeliverySchema) });

export const deliveriesQuerySchema = z.object({
  limit: z.coerce
    .number({ error: "limit must be a whole number between 1 and 100" })
    .int({ error: "limit must be a whole number between 1 and 100" })
    .min(1, { error: "limit must be at least 1" })
    .max(100, { error: "limit must be at most 100" })
    .default(50)
    .meta({ description: "The newest deliveries, 1–100." }),
});
