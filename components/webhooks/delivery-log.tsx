"use client";

import type { ColumnDef } from "@tanstack/react-table";
import { useRouter } from "next/navigation";
import { useActionForm } from "@/components/forms/use-action-form";
import { LogTimestamp } from "@/components/logs/log-timestamp";
import { Badge, type BadgeVariant } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { DataTable, useDataTable } from "@/components/ui/data-table";
import { LoaderIcon } from "@/components/ui/icons";
import { toast } from "@/components/ui/toast";
import { resendDeliveryAction } from "@/lib/actions/webhooks";
import type { WebhookDeliveryJson } from "@/lib/validations/webhook";

// An endpoint's delivery log: event, status, response code, duration, attempts and the
// next retry, with Resend for a finished delivery (same event id, new 24-hour window).

const STATUS: Record<WebhookDeliveryJson["status"], { label: string; variant: BadgeVariant }> = {
  pending: { label: "Pending", variant: "warning" },
  sending: { label: "Sending", variant: "brand" },
  succeeded: { label: "Delivered", variant: "success" },
  failed: { label: "Failed", variant: "destructive" },
};

function ResendButton({
  webhookId,
  delivery,
  endpointEnabled,
}: {
  webhookId: string;
  delivery: WebhookDeliveryJson;
  endpointEnabled: boolean;
}) {
  const router = useRouter();
  const form = useActionForm(resendDeliveryAction, {
    onSuccess: () => {
      toast({ variant: "success", title: "Delivery queued again" });
      router.refresh();
    },
  });
  // Nothing to resend while it is queued, nor to a disabled endpoint (enable it first).
  const busy = delivery.status === "pending" || delivery.status === "sending" || !endpointEnabled;
  return (
    <span className="grid justify-items-start gap-1">
      <Button
        variant="outline"
        size="sm"
        disabled={busy}
        aria-disabled={form.isPending || undefined}
        aria-label={`Resend ${delivery.eventType} ${delivery.eventId}`}
        onClick={() => {
          if (!form.isPending) form.submit({ webhookId, deliveryId: delivery.id });
        }}
      >
        {form.isPending ? <LoaderIcon /> : null}
        Resend
      </Button>
      {form.formError ? (
        <span role="alert" className="max-w-48 text-destructive text-xs">
          {form.formError}
        </span>
      ) : null}
    </span>
  );
}

export function DeliveryLog({
  webhookId,
  deliveries,
  canManage,
  endpointEnabled,
}: {
  webhookId: string;
  deliveries: WebhookDeliveryJson[];
  canManage: boolean;
  endpointEnabled: boolean;
}) {
  const columns: ColumnDef<WebhookDeliveryJson>[] = [
    {
      id: "event",
      header: "Event",
      meta: { slot: "title" },
      cell: ({ row }) => (
        <span className="grid min-w-0">
          <code className="font-mono text-sm">{row.original.eventType}</code>
          <span className="break-all text-muted-foreground text-xs">{row.original.eventId}</span>
        </span>
      ),
    },
    {
      id: "status",
      header: "Status",
      cell: ({ row }) => {
        const status = STATUS[row.original.status];
        return (
          <span className="grid gap-0.5">
            <Badge variant={status.variant}>{status.label}</Badge>
            {row.original.lastError && row.original.status !== "succeeded" ? (
              <span className="max-w-56 break-words text-muted-foreground text-xs">
                {row.original.lastError}
              </span>
            ) : null}
          </span>
        );
      },
    },
    {
      id: "response",
      header: "Response",
      cell: ({ row }) => <span className="tabular-nums">{row.original.responseStatus ?? "—"}</span>,
    },
    {
      id: "duration",
      header: "Duration",
      cell: ({ row }) => (
        <span className="tabular-nums">
          {row.original.durationMs === null ? "—" : `${row.original.durationMs} ms`}
        </span>
      ),
    },
    {
      id: "attempts",
      header: "Attempts",
      cell: ({ row }) => <span className="tabular-nums">{row.original.attempts}</span>,
    },
    {
      id: "next",
      header: "Next retry",
      cell: ({ row }) =>
        row.original.nextAttemptAt ? (
          <LogTimestamp date={new Date(row.original.nextAttemptAt)} />
        ) : (
          "—"
        ),
    },
    {
      id: "created",
      header: "Created",
      cell: ({ row }) => <LogTimestamp date={new Date(row.original.createdAt)} />,
    },
    ...(canManage
      ? [
          {
            id: "actions",
            header: () => <span className="sr-only">Actions</span>,
            meta: { slot: "trailing" as const, label: false as const },
            cell: ({ row }: { row: { original: WebhookDeliveryJson } }) => (
              <ResendButton
                webhookId={webhookId}
                delivery={row.original}
                endpointEnabled={endpointEnabled}
              />
            ),
          },
        ]
      : []),
  ];
  const table = useDataTable({ data: deliveries, columns, getRowId: (row) => row.id });
  return (
    <DataTable
      table={table}
      label="Deliveries"
      rowAttributes={(row) => ({ "data-status": row.original.status })}
    />
  );
}
