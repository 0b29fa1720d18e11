import { Badge, type BadgeVariant } from "@/components/ui/badge";
import type { TokenStatus } from "@/lib/auth/token-expiry";

export const TOKEN_STATUS_LABEL: Record<TokenStatus, string> = {
  active: "Active",
  expired: "Expired",
  revoked: "Revoked",
};

const STATUS_VARIANT: Record<TokenStatus, BadgeVariant> = {
  active: "success",
  expired: "warning",
  revoked: "muted",
};

/** Active, Expired or Revoked, with a dot so the state does not rely on colour alone. */
export function TokenStatusBadge({ status }: { status: TokenStatus }) {
  return (
    <Badge variant={STATUS_VARIANT[status]}>
      <span aria-hidden="true" className="size-1.5 rounded-full bg-current" />
      {TOKEN_STATUS_LABEL[status]}
    </Badge>
  );
}
