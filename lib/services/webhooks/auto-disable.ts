import "server-only";
import { db } from "@/lib/db";
import { logger } from "@/lib/logger";
import { deliverEmail } from "@/lib/services/mail/deliver";
import { dashboardLink } from "@/lib/services/mail/links";

// An endpoint that has failed every delivery for 3 days is disabled, and the organization's
// owners are told by email: a receiver gone for good should not be retried for ever, and
// whoever set it up must learn that events stopped. Enabling it again (Settings → Webhooks)
// starts afresh.

export const FAILING_DISABLE_AFTER_MS = 3 * 24 * 60 * 60 * 1000;

/** Disables the endpoint when it has been failing for 3 days at `now`; true if it did. */
export async function disableFailingEndpoint(endpointId: string, now: Date): Promise<boolean> {
  const { count } = await db.webhookEndpoint.updateMany({
    where: {
      id: endpointId,
      enabled: true,
      failingSince: { lte: new Date(now.getTime() - FAILING_DISABLE_AFTER_MS) },
    },
    data: { enabled: false, disabledReason: "failing", disabledAt: now },
  });
  if (count === 0) return false;
  // Its queued deliveries would only fail again; Resend works once it is enabled.
  await db.webhookDelivery.updateMany({
    where: { endpointId, status: "PENDING" },
    data: { status: "FAILED", nextAttemptAt: null, lastError: "The endpoint was disabled" },
  });
  await emailOwners(endpointId);
  return true;
}

async function emailOwners(endpointId: string): Promise<void> {
  const endpoint = await db.webhookEndpoint.findUnique({
    where: { id: endpointId },
    select: {
      url: true,
      organization: {
        select: {
          name: true,
          memberships: { where: { role: "OWNER" }, select: { user: { select: { email: true } } } },
        },
      },
    },
  });
  if (!endpoint) return;
  const { organization } = endpoint;
  for (const { user } of organization.memberships) {
    try {
      await deliverEmail({
        to: user.email,
        subject: `Webhook endpoint disabled in ${organization.name}`,
        text: [
          `MailShield disabled the webhook endpoint ${endpoint.url} of ${organization.name}:`,
          "every delivery to it has failed for 3 days.",
          "",
          "Events are no longer sent to it. Once the receiver works again, enable the endpoint",
          "and resend the deliveries you need:",
          dashboardLink("/settings/webhooks"),
        ].join("\n"),
      });
    } catch (error) {
      // The endpoint stays disabled; the page says so and why.
      logger().error({ error, webhookEndpointId: endpointId }, "webhook disable email not sent");
    }
  }
}
