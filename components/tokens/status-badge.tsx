import { Badge, type BadgeVariant } from "@/components/ui/badge";
import type { TokenStatus } from "@/lib/rules/token-status";

export const TOKEN_STATUS_LABEL: Record<TokenStatus, string> = {
  active: "Active",
  paused: "Paused (plan)",
  rotated: "Rotated",
  expired: "Expired",
  revoked: "Revoked",
};

const STATUS_VARIANT: Record<TokenStatus, BadgeVariant> = {
  active: "success",
  // Neutral: nothing is wrong with the token, the plan just has no API access.
  paused: "muted",
  // Like expired: the token is on its way out (or already out) because it was replaced.
  rotated: "warning",
  expired: "warning",
  revoked: "muted",
};

/** Active, Paused, Rotated, Expired or Revoked, with a dot so the state does not rely on colour alone. */
export function TokenStatusBadge({ status }: { status: TokenStatus }) {
  return (
    <Badge variant={STATUS_VARIANT[status]}>
      <span aria-hidden="true" className="size-1.5 rounded-full bg-current" />
      {TOKEN_STATUS_LABEL[status]}
    </Badge>
  );
}
