import { Badge } from "@/components/ui/badge";
import type { WebhookJson } from "@/lib/validations/webhook";

/** Enabled, failing, or disabled (and by whom). */
export function WebhookStatus({ webhook }: { webhook: WebhookJson }) {
  if (!webhook.enabled) {
    return webhook.disabledReason === "failing" ? (
      <Badge variant="destructive">Disabled after 3 days of failures</Badge>
    ) : (
      <Badge variant="muted">Disabled</Badge>
    );
  }
  return webhook.failingSince ? (
    <Badge variant="warning">Failing</Badge>
  ) : (
    <Badge variant="success">Enabled</Badge>
  );
}
