import { Badge, type BadgeVariant } from "@/components/ui/badge";
import type { TokenStatus } from "@/lib/services/tokens/token-status";

export const TOKEN_STATUS_LABEL: Record<TokenStatus, string> = {
  active: "Active",
  paused: "Paused (plan)",
  expired: "Expired",
  revoked: "Revoked",
};

const STATUS_VARIANT: Record<TokenStatus, BadgeVariant> = {
  active: "success",
  // Neutral: nothing is wrong with the token, the plan just has no API access.
  paused: "muted",
  expired: "warning",
  revoked: "muted",
};

/** Active, Paused, Expired or Revoked, with a dot so the state does not rely on colour alone. */
export function TokenStatusBadge({ status }: { status: TokenStatus }) {
  return (
    <Badge variant={STATUS_VARIANT[status]}>
      <span aria-hidden="true" className="size-1.5 rounded-full bg-current" />
      {TOKEN_STATUS_LABEL[status]}
    </Badge>
  );
}
