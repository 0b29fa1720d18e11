import type { Metadata } from "next";
import Link from "next/link";
import { EmptyState } from "@/components/layout/empty-state";
import { Card } from "@/components/ui/card";
import { ShieldIcon, WebhookIcon } from "@/components/ui/icons";
import { AddWebhookDialog } from "@/components/webhooks/add-webhook-dialog";
import { WebhookStatus } from "@/components/webhooks/webhook-status";
import { memberPrincipal } from "@/lib/auth/principal";
import { forbiddenMessage } from "@/lib/permissions";
import { holds } from "@/lib/services/authorize";
import { listWebhooks } from "@/lib/services/webhooks/endpoints";
import { requireSessionContext } from "@/lib/session/session";

export const metadata: Metadata = { title: "Webhooks" };

export default async function WebhooksPage() {
  const session = await requireSessionContext();
  const { organization } = session;
  const viewer = memberPrincipal(session, null);
  const canManage = holds(viewer, organization.id, "webhooks:write");
  const webhooks = await listWebhooks({ principal: viewer, organizationId: organization.id });

  return (
    <div className="grid gap-6">
      <header className="flex flex-wrap items-start justify-between gap-4">
        <div className="grid gap-1">
          <h1 className="font-semibold text-2xl tracking-tight">Webhooks</h1>
          <p className="max-w-2xl text-muted-foreground text-sm">
            Tell your systems the moment something happens to a token or a member: MailShield POSTs
            each event to your endpoints, signed per the Standard Webhooks specification, and
            retries for 24 hours.
          </p>
        </div>
        {canManage ? <AddWebhookDialog /> : null}
      </header>

      {canManage ? null : (
        <p className="flex items-start gap-2 rounded-lg border bg-muted/40 p-3 text-sm" role="note">
          <ShieldIcon className="mt-0.5 size-4 shrink-0" />
          <span>
            {forbiddenMessage("webhooks:write")} You can see the endpoints and their deliveries.
          </span>
        </p>
      )}

      {webhooks.length === 0 ? (
        <EmptyState
          icon={<WebhookIcon className="size-5" />}
          title="No webhook endpoints yet"
          body={
            canManage
              ? "Add an endpoint to receive token, member and audit events as they happen."
              : "An owner or admin can add an endpoint to receive token, member and audit events."
          }
        />
      ) : (
        <section aria-label="Endpoints" className="grid gap-3">
          <ul className="grid gap-3">
            {webhooks.map((webhook) => (
              <li key={webhook.id}>
                <Card className="gap-2 p-4">
                  <div className="flex flex-wrap items-center justify-between gap-2">
                    <Link
                      href={`/settings/webhooks/${webhook.id}`}
                      className="min-w-0 break-all font-medium underline-offset-2 hover:underline"
                    >
                      {webhook.url}
                    </Link>
                    <WebhookStatus webhook={webhook} />
                  </div>
                  {webhook.description ? (
                    <p className="break-words text-muted-foreground text-sm">
                      {webhook.description}
                    </p>
                  ) : null}
                  <p className="break-words text-muted-foreground text-xs">
                    {webhook.eventTypes.join(", ")}
                  </p>
                </Card>
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
