import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { EmptyState } from "@/components/layout/empty-state";
import { LogTimestamp } from "@/components/logs/log-timestamp";
import { buttonVariants } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ChevronRightIcon, HistoryIcon } from "@/components/ui/icons";
import { DeliveryLog } from "@/components/webhooks/delivery-log";
import { WebhookActions } from "@/components/webhooks/webhook-actions";
import { WebhookStatus } from "@/components/webhooks/webhook-status";
import { memberPrincipal } from "@/lib/auth/principal";
import { isAppError } from "@/lib/errors";
import { forbiddenMessage } from "@/lib/permissions";
import { holds } from "@/lib/services/authorize";
import { listDeliveries } from "@/lib/services/webhooks/deliveries";
import { getWebhook } from "@/lib/services/webhooks/endpoints";
import { requireSessionContext } from "@/lib/session/session";

export const metadata: Metadata = { title: "Webhook endpoint" };

export default async function WebhookPage({ params }: { params: Promise<{ id: string }> }) {
  const session = await requireSessionContext();
  const { organization } = session;
  const viewer = memberPrincipal(session, null);
  const ctx = { principal: viewer, organizationId: organization.id };
  const { id } = await params;
  const loaded = await Promise.all([getWebhook(ctx, id), listDeliveries(ctx, id)]).catch(
    (error: unknown) => {
      if (isAppError(error) && error.code === "not_found") notFound();
      throw error;
    },
  );
  const [webhook, deliveries] = loaded;
  const canManage = holds(viewer, organization.id, "webhooks:write");

  return (
    <div className="grid gap-6">
      <nav aria-label="Breadcrumb">
        <ol className="flex min-w-0 items-center gap-1.5 text-muted-foreground text-sm">
          <li>
            <Link href="/settings/webhooks" className="rounded-sm hover:text-foreground">
              Webhooks
            </Link>
          </li>
          <li aria-hidden="true">
            <ChevronRightIcon className="size-3.5" />
          </li>
          <li aria-current="page" className="truncate font-medium text-foreground">
            Endpoint
          </li>
        </ol>
      </nav>

      <header className="grid gap-2">
        <div className="flex flex-wrap items-center gap-2">
          <h1 className="min-w-0 break-all font-semibold text-xl tracking-tight">{webhook.url}</h1>
          <WebhookStatus webhook={webhook} />
        </div>
        {webhook.description ? (
          <p className="break-words text-muted-foreground text-sm">{webhook.description}</p>
        ) : null}
      </header>

      <Card className="gap-3 p-4 text-sm">
        <dl className="grid gap-2 sm:grid-cols-[10rem_1fr]">
          <dt className="text-muted-foreground">Events</dt>
          <dd className="break-words">
            {webhook.eventTypes.map((type) => (
              <code key={type} className="mr-2 inline-block font-mono text-xs">
                {type}
              </code>
            ))}
          </dd>
          <dt className="text-muted-foreground">Added</dt>
          <dd>
            <LogTimestamp date={new Date(webhook.createdAt)} />
          </dd>
          {webhook.failingSince ? (
            <>
              <dt className="text-muted-foreground">Failing since</dt>
              <dd>
                <LogTimestamp date={new Date(webhook.failingSince)} />
              </dd>
            </>
          ) : null}
          {webhook.previousSecretExpiresAt ? (
            <>
              <dt className="text-muted-foreground">Old secret signs until</dt>
              <dd>
                <LogTimestamp date={new Date(webhook.previousSecretExpiresAt)} />
              </dd>
            </>
          ) : null}
        </dl>
        {webhook.disabledReason === "failing" ? (
          <p role="note" className="text-destructive">
            MailShield disabled this endpoint after 3 days of failed deliveries and emailed the
            owners. Fix the receiver, enable the endpoint, then resend what you need.
          </p>
        ) : null}
        {canManage ? (
          <WebhookActions webhook={webhook} />
        ) : (
          <p role="note" className="text-muted-foreground">
            {forbiddenMessage("webhooks:write")}
          </p>
        )}
      </Card>

      <section aria-labelledby="deliveries-heading" className="grid gap-3">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <h2 id="deliveries-heading" className="font-semibold text-lg">
            Delivery log
          </h2>
          <Link
            href={`/settings/webhooks/${webhook.id}`}
            className={buttonVariants({ variant: "outline", size: "sm" })}
          >
            Refresh
          </Link>
        </div>
        {deliveries.length === 0 ? (
          <EmptyState
            icon={<HistoryIcon className="size-5" />}
            title="No deliveries yet"
            body="Events sent to this endpoint appear here with their status, response and retries."
          />
        ) : (
          <DeliveryLog
            webhookId={webhook.id}
            deliveries={deliveries}
            canManage={canManage}
            endpointEnabled={webhook.enabled}
          />
        )}
      </section>
    </div>
  );
}
