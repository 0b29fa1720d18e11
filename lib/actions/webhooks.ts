"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { resendDelivery } from "@/lib/services/webhooks/deliveries";
import {
  createWebhook,
  deleteWebhook,
  rotateWebhookSecret,
  sendTestEvent,
  updateWebhook,
} from "@/lib/services/webhooks/endpoints";
import { createWebhookSchema } from "@/lib/validations/webhook";
import { defineAction } from "./define-action";

// Settings → Webhooks. Each action is a service call on webhooks:write; the signing secret
// comes back from create and rotate only, for the reveal dialog, and is not kept.

const WEBHOOKS_PATH = "/settings/webhooks";
const webhookIdSchema = z.object({ webhookId: z.string() });

/** Adds an endpoint; the data carries its secret, once. Sudo: it receives the audit log. */
export const createWebhookAction = defineAction(
  {
    name: "webhooks.create",
    schema: createWebhookSchema,
    permission: "webhooks:write",
    sudo: true,
    failureMessage: "The endpoint was not added. Please try again.",
  },
  async ({ input, ctx }) => {
    const { webhook, secret } = await createWebhook(ctx, input);
    revalidatePath(WEBHOOKS_PATH);
    return { data: { webhookId: webhook.id, url: webhook.url, secret } };
  },
);

export const rotateWebhookSecretAction = defineAction(
  {
    name: "webhooks.rotate_secret",
    schema: webhookIdSchema,
    permission: "webhooks:write",
    sudo: true,
    failureMessage: "The secret was not rotated. Please try again.",
  },
  async ({ input, ctx }) => {
    const { webhook, secret } = await rotateWebhookSecret(ctx, input.webhookId);
    revalidatePath(WEBHOOKS_PATH, "layout");
    return { data: { webhookId: webhook.id, url: webhook.url, secret } };
  },
);

export const setWebhookEnabledAction = defineAction(
  {
    name: "webhooks.set_enabled",
    schema: webhookIdSchema.extend({ enabled: z.boolean() }),
    permission: "webhooks:write",
    failureMessage: "The endpoint was not changed. Please try again.",
  },
  async ({ input, ctx }) => {
    await updateWebhook(ctx, input.webhookId, { enabled: input.enabled });
    revalidatePath(WEBHOOKS_PATH, "layout");
    return { data: null };
  },
);

export const deleteWebhookAction = defineAction(
  {
    name: "webhooks.delete",
    schema: webhookIdSchema,
    permission: "webhooks:write",
    failureMessage: "The endpoint was not deleted. Please try again.",
  },
  async ({ input, ctx }) => {
    await deleteWebhook(ctx, input.webhookId);
    revalidatePath(WEBHOOKS_PATH, "layout");
    return { data: null };
  },
);

export const sendTestEventAction = defineAction(
  {
    name: "webhooks.send_test",
    schema: webhookIdSchema,
    permission: "webhooks:write",
    failureMessage: "The test event was not queued. Please try again.",
  },
  async ({ input, ctx }) => {
    const { eventId } = await sendTestEvent(ctx, input.webhookId);
    revalidatePath(WEBHOOKS_PATH, "layout");
    return { data: { eventId } };
  },
);

export const resendDeliveryAction = defineAction(
  {
    name: "webhooks.resend",
    schema: webhookIdSchema.extend({ deliveryId: z.string() }),
    permission: "webhooks:write",
    failureMessage: "The delivery was not queued again. Please try again.",
  },
  async ({ input, ctx }) => {
    await resendDelivery(ctx, { endpointId: input.webhookId, deliveryId: input.deliveryId });
    revalidatePath(WEBHOOKS_PATH, "layout");
    return { data: null };
  },
);
